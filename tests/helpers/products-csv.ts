/** The plain products CSV's header row, every documented column in order (README, "Product import"). */
export const PLAIN_HEADER =
  'sku,name,barcodes,weight_g,length_mm,width_mm,height_mm,price,cost,currency,hs_code,origin_country,tags,active,reorder_point,safety_stock,lot_tracked,kit_components';
