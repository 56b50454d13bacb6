// Loading and empty states of pages (the failed state is in error-state.tsx,
// kept apart because the boot screens need it without the rest).
import { Card, Empty, Skeleton } from 'antd';
import type { ReactNode } from 'react';

export function PageSkeleton({ rows = 6 }: { rows?: number }) {
  return (
    <Card>
      <Skeleton active title paragraph={{ rows }} />
    </Card>
  );
}

export function EmptyState({ description, action }: { description: ReactNode; action?: ReactNode }) {
  return (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={description} style={{ padding: '24px 0' }}>
      {action}
    </Empty>
  );
}
