// Permission matrix: one row per area of the catalog, one column per action,
// a checkbox where the area has that action. A form control (value/onChange).
import { permissionCatalog } from '@kehu/shared';
import { Checkbox, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { useIsPhone } from '../../components/use-is-phone';

type Area = keyof typeof permissionCatalog;
type Action = (typeof permissionCatalog)[Area][number];

const areas = Object.keys(permissionCatalog) as Area[];
const actions = [...new Set(areas.flatMap((area) => [...permissionCatalog[area]]))] as Action[];

function hasAction(area: Area, action: Action): boolean {
  return (permissionCatalog[area] as readonly string[]).includes(action);
}

interface PermissionMatrixProps {
  value?: string[];
  onChange?: (value: string[]) => void;
  disabled?: boolean;
  /** When set, only these permissions can be ticked (an API key cannot exceed its owner). */
  allowed?: ReadonlySet<string>;
  id?: string;
}

export function PermissionMatrix({ value = [], onChange, disabled = false, allowed, id }: PermissionMatrixProps) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const selected = new Set(value);

  const toggle = (area: Area, action: Action, checked: boolean) => {
    const next = new Set(selected);
    const name = `${area}:${action}`;
    if (checked) {
      next.add(name);
      // Writing what one cannot read is never useful: write implies read.
      if (action === 'write' && hasAction(area, 'read')) next.add(`${area}:read`);
    } else {
      next.delete(name);
      if (action === 'read') next.delete(`${area}:write`);
    }
    onChange?.(
      areas.flatMap((a) => permissionCatalog[a].map((act) => `${a}:${act}`)).filter((p) => next.has(p)),
    );
  };

  const columns: ColumnsType<Area> = [
    {
      title: t('permissions.area'),
      key: 'area',
      render: (_v, area) => (
        <div style={{ minWidth: isPhone ? 96 : 140 }}>
          <Typography.Text strong>{t(`permissions.areas.${area}`)}</Typography.Text>
          {/* On a phone the three action columns need the width more than the explanation. */}
          {isPhone ? null : (
            <>
              <br />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t(`permissions.areaDescriptions.${area}`)}
              </Typography.Text>
            </>
          )}
        </div>
      ),
    },
    ...actions.map((action) => ({
      title: t(`permissions.actions.${action}`),
      key: action,
      align: 'center' as const,
      width: isPhone ? 56 : 88,
      render: (_v: unknown, area: Area) => {
        if (!hasAction(area, action)) return <Typography.Text type="secondary">—</Typography.Text>;
        const name = `${area}:${action}`;
        return (
          <Checkbox
            checked={selected.has(name)}
            disabled={disabled || (allowed !== undefined && !allowed.has(name))}
            onChange={(e) => toggle(area, action, e.target.checked)}
            aria-label={`${t(`permissions.areas.${area}`)} · ${t(`permissions.actions.${action}`)}`}
          />
        );
      },
    })),
  ];

  return (
    <Table<Area>
      id={id}
      rowKey={(area) => area}
      columns={columns}
      dataSource={areas}
      pagination={false}
      size="small"
      bordered
      scroll={{ x: 'max-content' }}
      data-testid="permission-matrix"
    />
  );
}
