import { useQuery } from '../hooks';

/** What this installation is: version, database, schema, station mode and how webhook orders are committed. */
export function SystemInfoPanel() {
  const info = useQuery('system.info', {}, ['system.']);
  return (
    <div className="panel" data-testid="panel-system">
      <h2>System</h2>
      {info.data && (
        <dl className="facts" data-testid="system-info">
          <dt>Version</dt>
          <dd>{info.data.version}</dd>
          <dt>Database</dt>
          <dd className="break-anywhere" data-testid="system-database">
            {info.data.databaseEngine === 'postgres' ? `PostgreSQL ${info.data.databaseVersion} at ${info.data.databasePath}` : `${info.data.databasePath} (SQLite ${info.data.databaseVersion})`}
          </dd>
          <dt>Schema</dt>
          <dd>
            {info.data.schemaVersion} ({info.data.migrations} migrations)
          </dd>
          <dt>Station mode</dt>
          <dd>{info.data.lanMode ? 'LAN (tokens required)' : 'This computer only'}</dd>
          {info.data.webhookIntake && (
            <>
              <dt>Webhook orders</dt>
              <dd>{info.data.webhookIntake === 'intake thread' ? 'Committed on the order intake thread' : 'Committed on the request thread'}</dd>
            </>
          )}
        </dl>
      )}
    </div>
  );
}
