import { useEffect, useState } from 'react';
import { databaseUnreachable, onDatabaseChange } from '../database-status';

/** Status bar: shown only while the shop database cannot be reached (a PostgreSQL site cut off from its server). */
export function DatabaseBadge() {
  const [unreachable, setUnreachable] = useState(databaseUnreachable);
  useEffect(() => onDatabaseChange(setUnreachable), []);
  if (!unreachable) return null;
  return (
    <span className="badge bad" data-testid="database-status" title={unreachable}>
      Database: cannot be reached — nothing is saved; trying again…
    </span>
  );
}
