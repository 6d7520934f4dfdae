import { columnList, defineTable, RowOf, sqlColumn as c, tableShape } from './table-description';

const thing = defineTable({
  name: 'thing',
  collation: 'utf8mb4_unicode_ci',
  columns: {
    id: c.bigint().withExtra('auto_increment'),
    code: c.varchar<'A' | 'B'>(16, 'ascii_bin'),
    label: c.varchar(100).null(),
    count: c.int().withDefault('0'),
    at: c.datetime3().withDefault('current_timestamp(3)'),
  },
  primaryKey: ['id'],
});

describe(tableShape.name, () => {
  it('lists the columns in order; text columns inherit the table collation', () => {
    expect(tableShape(thing)).toEqual({
      name: 'thing',
      primaryKey: ['id'],
      columns: [
        {
          name: 'id',
          type: 'bigint',
          nullable: false,
          default: null,
          collation: null,
          extra: 'auto_increment',
        },
        {
          name: 'code',
          type: 'varchar(16)',
          nullable: false,
          default: null,
          collation: 'ascii_bin',
          extra: '',
        },
        {
          name: 'label',
          type: 'varchar(100)',
          nullable: true,
          default: null,
          collation: 'utf8mb4_unicode_ci',
          extra: '',
        },
        { name: 'count', type: 'int', nullable: false, default: '0', collation: null, extra: '' },
        {
          name: 'at',
          type: 'datetime(3)',
          nullable: false,
          default: 'current_timestamp(3)',
          collation: null,
          extra: '',
        },
      ],
    });
  });

  it('types a row from the description', () => {
    const row: RowOf<typeof thing> = { id: '1', code: 'A', label: null, count: 0, at: new Date() };
    // @ts-expect-error: code is 'A' | 'B'
    const wrong: RowOf<typeof thing> = { ...row, code: 'C' };
    expect(wrong).toBeDefined();
  });

  it('takes only its own columns as the primary key', () => {
    const columns = { id: c.int() };
    // @ts-expect-error: no such column
    expect(defineTable({ name: 't', collation: 'x', columns, primaryKey: ['nope'] })).toBeDefined();
  });
});

describe(columnList.name, () => {
  it('joins the given names, or every column', () => {
    expect(columnList(thing, ['code', 'count'])).toBe('code, count');
    expect(columnList(thing)).toBe('id, code, label, count, at');
  });
});
