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

/**
 * Creates the table, or adds the columns a newer release declares to a database an older one
 * created (new columns are nullable or have a default, so existing rows stay valid).
 */
export function ensureFixedTable(
  connection: { exec(sql: string): unknown; prepare(sql: string): { all(): unknown[] } },
  table: SQLiteTable,
): void {
  const config = getTableConfig(table);
  const [create, ...indexes] = fixedTableDdl(table);
  connection.exec(create!);
  const existing = new Set(
    (connection.prepare(`PRAGMA table_info("${config.name}")`).all() as { name: string }[]).map(
      (c) => c.name,
    ),
  );
  for (const column of config.columns)
    if (!existing.has(column.name))
      connection.exec(`ALTER TABLE "${config.name}" ADD COLUMN ${columnDdl(column).replace(' UNIQUE', '')}`);
  for (const statement of indexes) connection.exec(statement);
}
