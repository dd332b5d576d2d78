/**
 * Where the backend image keeps the Amazon RDS CA bundle DocumentDB certificates chain to
 * (Amazon DocumentDB Developer Guide, "Connecting programmatically to Amazon DocumentDB"); Node does not trust it by default.
 */
export const DOCDB_CA_FILE = '/app/certs/global-bundle.pem';
