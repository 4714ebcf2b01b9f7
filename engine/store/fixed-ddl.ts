// Creates the fixed tables from their drizzle declarations, so the columns are written once.
import { getTableConfig, type SQLiteColumn, type SQLiteTable } from 'drizzle-orm/sqlite-core';

function columnDdl(column: SQLiteColumn): string {
  const parts = [`"${column.name}"`, column.getSQLType()];
  if (column.primary) parts.push('PRIMARY KEY');
  if ((column as { autoIncrement?: boolean }).autoIncrement) parts.push('AUTOINCREMENT');
  if (column.notNull && !column.primary) parts.push('NOT NULL');
  if (column.isUnique) parts.push('UNIQUE');
  if (column.default !== undefined && typeof column.default !== 'object') {
    const value = typeof column.default === 'boolean' ? Number(column.default) : column.default;
    parts.push(`DEFAULT ${typeof value === 'string' ? `'${value.replace(/'/g, "''")}'` : value}`);
  }
  return parts.join(' ');
}

export function fixedTableDdl(table: SQLiteTable): string[] {
  const config = getTableConfig(table);
  const statements = [
    `CREATE TABLE IF NOT EXISTS "${config.name}" (${config.columns.map(columnDdl).join(', ')})`,
  ];
  for (const index of config.indexes) {
    const { name, columns, unique } = index.config;
    const names = columns.map((c) => `"${(c as SQLiteColumn).name}"`).join(', ');
    statements.push(
      `CREATE ${unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS "${name}" ON "${config.name}" (${names})`,
    );
  }
  return statements;
}
