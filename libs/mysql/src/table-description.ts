/**
 * A table as the code sees it, in the terms information_schema.COLUMNS uses. The row types are
 * derived from it and the SQL names its columns through it, so a schema test can hold the
 * migrations to the one description the code reads.
 */
export interface ColumnDescription<T = unknown> {
  /** COLUMN_TYPE without an integer display width: `int`, `varchar(64)`, `datetime(3)`. */
  type: string;
  nullable: boolean;
  /** COLUMN_DEFAULT as the server renders it (`0`, `current_timestamp(3)`); null for none. */
  default: string | null;
  /** Text columns have a collation: this one, or the table's when undefined. */
  text: boolean;
  collation?: string;
  /** EXTRA: `auto_increment`, `on update current_timestamp(3)`. */
  extra: string;
  /** Never set: carries the column's TypeScript type for RowOf. */
  readonly value?: T;
}

type Columns = Record<string, ColumnDescription>;

export interface TableDescription<C extends Columns = Columns> {
  name: string;
  /** The table's default collation, which its text columns inherit. */
  collation: string;
  columns: C;
  /** Checked against the columns by defineTable. */
  primaryKey: readonly string[];
}

/** A row of the table, every column, typed by the description. */
export type RowOf<D> =
  D extends TableDescription<infer C>
    ? { -readonly [K in keyof C]: C[K] extends ColumnDescription<infer T> ? T : never }
    : never;

export interface ColumnBuilder<T> extends ColumnDescription<T> {
  null(): ColumnBuilder<T | null>;
  withDefault(value: string): ColumnBuilder<T>;
  withExtra(extra: string): ColumnBuilder<T>;
}

/** `value` is left out: it only types the column. */
type ColumnData = Omit<ColumnDescription, 'value'>;

function column<T>(description: ColumnData): ColumnBuilder<T> {
  return {
    ...description,
    null: () => column<T | null>({ ...description, nullable: true }),
    withDefault: (value) => column<T>({ ...description, default: value }),
    withExtra: (extra) => column<T>({ ...description, extra }),
  };
}

const plain = (type: string, text: boolean, collation?: string): ColumnData => ({
  type,
  nullable: false,
  default: null,
  text,
  collation,
  extra: '',
});

/** The column types the services use; mysql2 returns BIGINT as a string (bigNumberStrings). */
export const sqlColumn = {
  int: () => column<number>(plain('int', false)),
  bigint: () => column<string>(plain('bigint', false)),
  datetime3: () => column<Date>(plain('datetime(3)', false)),
  varchar: <T extends string = string>(length: number, collation?: string) =>
    column<T>(plain(`varchar(${length})`, true, collation)),
  char: (length: number, collation?: string) =>
    column<string>(plain(`char(${length})`, true, collation)),
  longtext: () => column<string>(plain('longtext', true)),
};

export const defineTable = <C extends Columns>(
  table: TableDescription<C> & { primaryKey: readonly (keyof C & string)[] },
): TableDescription<C> => table;

/** `a, b, c` for a column list (every column when no names); each name is checked against the table. */
export const columnList = <C extends Columns>(
  table: TableDescription<C>,
  names: readonly (keyof C & string)[] = Object.keys(table.columns),
): string => names.join(', ');

/** One column as the schema test compares it. */
export interface ColumnShape {
  name: string;
  type: string;
  nullable: boolean;
  default: string | null;
  collation: string | null;
  extra: string;
}

export interface TableShape {
  name: string;
  columns: ColumnShape[];
  primaryKey: string[];
}

/** The description as plain data, columns in declaration order (the table's order). */
export const tableShape = (table: TableDescription): TableShape => ({
  name: table.name,
  columns: Object.entries(table.columns).map(([name, c]) => ({
    name,
    type: c.type,
    nullable: c.nullable,
    default: c.default,
    collation: c.text ? (c.collation ?? table.collation) : null,
    extra: c.extra,
  })),
  primaryKey: [...table.primaryKey],
});

interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

interface InformationSchemaColumn {
  COLUMN_NAME: string;
  COLUMN_TYPE: string;
  IS_NULLABLE: 'YES' | 'NO';
  COLUMN_DEFAULT: string | null;
  COLLATION_NAME: string | null;
  EXTRA: string;
}

// MariaDB and MySQL 8 render the same column differently; the shape keeps one spelling
const normalType = (type: string) => type.replace(/^((?:tiny|small|medium|big)?int)\(\d+\)/, '$1');
const normalDefault = (value: string | null) =>
  value === null || value === 'NULL'
    ? null
    : value.replace(/^current_timestamp/i, 'current_timestamp');
const normalExtra = (extra: string) => extra.replace('DEFAULT_GENERATED', '').trim().toLowerCase();

/** The table as the server has it (information_schema), in TableShape's terms. */
export async function readTableShape(
  db: Queryable,
  database: string,
  table: string,
): Promise<TableShape> {
  const columns = (await db.query(
    `SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, COLLATION_NAME, EXTRA
     FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?
     ORDER BY ORDINAL_POSITION`,
    [database, table],
  )) as InformationSchemaColumn[];
  const key = (await db.query(
    `SELECT COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE
     WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND CONSTRAINT_NAME = 'PRIMARY'
     ORDER BY ORDINAL_POSITION`,
    [database, table],
  )) as { COLUMN_NAME: string }[];
  return {
    name: table,
    columns: columns.map((c) => ({
      name: c.COLUMN_NAME,
      type: normalType(c.COLUMN_TYPE),
      nullable: c.IS_NULLABLE === 'YES',
      default: normalDefault(c.COLUMN_DEFAULT),
      collation: c.COLLATION_NAME,
      extra: normalExtra(c.EXTRA),
    })),
    primaryKey: key.map((k) => k.COLUMN_NAME),
  };
}
