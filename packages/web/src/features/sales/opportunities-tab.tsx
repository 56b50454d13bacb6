// The customer 360 page's opportunities: the customer's deals, one tap to add one.
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../app/access';
import type { CustomerTabProps } from '../customers/customer-tabs';
import { OpportunityDrawer, type OpportunityDrawerMode } from './opportunity-form';
import { OpportunityList } from './opportunities-page';

export function OpportunitiesTab({ customer }: CustomerTabProps) {
  const { t } = useTranslation();
  const can = useCan();
  const [drawer, setDrawer] = useState<OpportunityDrawerMode | null>(null);
  return (
    <Card>
      {can('opportunities:write') ? (
        <Flex justify="flex-end" style={{ marginBottom: 12 }}>
          <Button
            icon={<PlusOutlined aria-hidden />}
            onClick={() => setDrawer({ kind: 'create', customerId: customer.id, customerName: customer.name })}
            data-testid="customer-add-opportunity"
          >
            {t('opportunities.create')}
          </Button>
        </Flex>
      ) : null}
      <OpportunityList customerId={customer.id} onOpen={(o) => setDrawer({ kind: 'edit', opportunityId: o.id })} />
      <OpportunityDrawer mode={drawer} onClose={() => setDrawer(null)} />
    </Card>
  );
}
