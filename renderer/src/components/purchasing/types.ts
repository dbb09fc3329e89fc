export interface PurchasingTabProps {
  /** Route parts after the tab id (#/purchasing/orders/12 → ['12']). */
  params: string[];
  navigate(path: string): void;
}
