/** WooCommerce REST API v3 connector (the ChannelConnector seam in ../connector.ts). */
export { createWooCommerceConnector, WOO_STORE_LOCATION_ID } from './connector';
export { oauthBaseString, oauthSignature, signUrl, verifyOauthSignature } from './oauth';
