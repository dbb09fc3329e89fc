import { PRODUCT_IMPORT_COLUMNS, productImportTemplate } from '../../../../shared/import-columns';
import { downloadText } from '../../download';


/** The columns the chosen format reads, and a template file to start from. */
export function ImportColumns({ format }: { format: 'shopify' | 'csv' }) {
  const columns = PRODUCT_IMPORT_COLUMNS[format];
  return (
    <details className="import-columns" data-testid="import-columns">
      <summary>
        Columns of the {format === 'csv' ? 'plain products CSV' : 'Shopify products CSV'} ({columns.length})
      </summary>
      <table className="table">
        <thead>
          <tr>
            <th>Column</th>
            <th>Required</th>
            <th>What goes in it</th>
          </tr>
        </thead>
        <tbody>
          {columns.map((c) => (
            <tr key={c.name}>
              <td className="mono">{c.name}</td>
              <td>{c.required ? 'yes' : ''}</td>
              <td className="wrap">{c.note}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="secondary" onClick={() => downloadText(format === 'csv' ? 'products-template.csv' : 'shopify-products-template.csv', productImportTemplate(format))}>
        Download template CSV
      </button>
    </details>
  );
}
