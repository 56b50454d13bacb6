// The global search palette: Ctrl+K (⌘K on a Mac) or the header's button opens
// it; arrow keys move, Enter or a click opens the record.
import { ContactsOutlined, FormOutlined, SearchOutlined, UserOutlined } from '@ant-design/icons';
import type { SearchHit } from '@kehu/shared';
import { Button, Empty, Flex, Input, Modal, Spin, Typography, type InputRef } from 'antd';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { isApiError } from '../../api/client';
import { useGlobalSearch } from '../../api/search';
import { useCan } from '../../app/access';
import { useDebounced } from '../../components/use-debounced';
import { useIsPhone } from '../../components/use-is-phone';

const typeIcons: Record<SearchHit['type'], typeof ContactsOutlined> = {
  customer: ContactsOutlined,
  contact: UserOutlined,
};

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

function SearchPalette({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const isPhone = useIsPhone();
  const can = useCan();
  const canLog = can('activities:write');
  const input = useRef<InputRef>(null);
  const [typed, setTyped] = useState('');
  const [active, setActive] = useState(0);
  const q = useDebounced(typed.trim(), 200);
  const search = useGlobalSearch(q);
  const hits = q && typed.trim() ? (search.data?.data ?? []) : [];

  const [enterPending, setEnterPending] = useState(false);
  const settled = q === typed.trim() && !search.isFetching;

  useEffect(() => setActive(0), [search.data]);
  useEffect(() => setEnterPending(false), [typed]);

  const openHit = (hit: SearchHit | undefined) => {
    if (!hit?.customerId) return;
    onClose();
    navigate(`/customers/${hit.customerId}`);
  };

  // Straight to the customer's timeline with the log drawer open (the page reads ?log=1).
  const logFor = (hit: SearchHit) => {
    if (!hit.customerId) return;
    onClose();
    navigate(`/customers/${hit.customerId}?tab=timeline&log=1`);
  };

  useEffect(() => {
    if (!enterPending || !settled) return;
    setEnterPending(false);
    openHit(hits[0]);
  });

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (hits.length === 0) return;
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => (i + step + hits.length) % hits.length);
    } else if (e.key === 'Enter' && !e.nativeEvent.isComposing) {
      e.preventDefault();
      // Enter before the answer arrives waits for it instead of opening a stale hit.
      if (settled) openHit(hits[active]);
      else setEnterPending(true);
    }
  };

  useEffect(() => {
    document.getElementById(`global-search-hit-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  let body;
  if (!typed.trim()) {
    body = <Typography.Text type="secondary">{t('search.hint')}</Typography.Text>;
  } else if (search.isError) {
    body = (
      <Typography.Text type="danger">
        {isApiError(search.error) ? search.error.problem.title : t('errors.unknown')}
      </Typography.Text>
    );
  } else if (hits.length === 0) {
    body = settled ? (
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('search.empty')} />
    ) : (
      <Spin size="small" />
    );
  } else {
    body = (
      <ul
        role="listbox"
        id="global-search-list"
        aria-label={t('search.results')}
        className="kehu-search-results"
        data-testid="global-search-results"
      >
        {hits.map((hit, index) => {
          const Icon = typeIcons[hit.type];
          const loggable = canLog && hit.type === 'customer' && Boolean(hit.customerId);
          return (
            <li
              key={`${hit.type}:${hit.id}`}
              id={`global-search-hit-${index}`}
              role="option"
              aria-selected={index === active}
              className="kehu-search-hit"
              onMouseEnter={() => setActive(index)}
              onClick={() => openHit(hit)}
            >
              <Icon aria-label={t(`search.types.${hit.type}`)} style={{ fontSize: 16, color: '#8c8c8c' }} />
              <Flex vertical style={{ minWidth: 0, flex: 1 }}>
                <Typography.Text strong ellipsis>
                  {hit.title}
                </Typography.Text>
                {hit.subtitle ? (
                  <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>
                    {hit.subtitle}
                  </Typography.Text>
                ) : null}
              </Flex>
              {/* On a phone the action needs the room; the icon still names the type. */}
              {isPhone && loggable ? null : (
                <Typography.Text type="secondary" style={{ fontSize: 12, flexShrink: 0 }}>
                  {t(`search.types.${hit.type}`)}
                </Typography.Text>
              )}
              {loggable ? (
                <Button
                  size="small"
                  icon={<FormOutlined aria-hidden />}
                  onClick={(e) => {
                    e.stopPropagation();
                    logFor(hit);
                  }}
                  aria-label={t('activities.logFor', { name: hit.title })}
                  style={{ flexShrink: 0 }}
                  data-testid="search-log-activity"
                >
                  {t('activities.log')}
                </Button>
              ) : null}
            </li>
          );
        })}
      </ul>
    );
  }

  return (
    <Modal
      open={open}
      onCancel={onClose}
      afterOpenChange={(visible) => {
        if (visible) input.current?.focus();
        else setTyped('');
      }}
      footer={null}
      closable={false}
      width={isPhone ? 'calc(100vw - 24px)' : 600}
      style={{ top: isPhone ? 12 : 80 }}
      styles={{ body: { padding: 0 } }}
      aria-label={t('search.title')}
      destroyOnHidden
    >
      <Input
        ref={input}
        autoFocus
        size="large"
        variant="borderless"
        prefix={<SearchOutlined aria-hidden />}
        placeholder={t('search.placeholder')}
        aria-label={t('search.title')}
        role="combobox"
        aria-expanded={hits.length > 0}
        aria-controls="global-search-list"
        aria-activedescendant={hits.length > 0 ? `global-search-hit-${active}` : undefined}
        value={typed}
        onChange={(e) => setTyped(e.target.value)}
        onKeyDown={onKeyDown}
        allowClear
        data-testid="global-search-input"
      />
      <div style={{ borderTop: '1px solid #f0f0f0', padding: 12, minHeight: 64, display: 'flex', justifyContent: 'center' }}>
        <div style={{ width: '100%' }}>{body}</div>
      </div>
    </Modal>
  );
}

/** The header's search button, and the Ctrl+K / ⌘K shortcut that opens the same palette. */
export function GlobalSearch() {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const [open, setOpen] = useState(false);

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <>
      <Button
        type={isPhone ? 'text' : 'default'}
        icon={<SearchOutlined aria-hidden />}
        onClick={() => setOpen(true)}
        aria-label={t('search.open')}
        aria-keyshortcuts={isMac ? 'Meta+K' : 'Control+K'}
        data-testid="global-search-open"
      >
        {isPhone ? null : (
          <Flex gap={16} align="center">
            <span>{t('search.button')}</span>
            <Typography.Text type="secondary" keyboard style={{ fontSize: 12 }}>
              {isMac ? '⌘K' : 'Ctrl K'}
            </Typography.Text>
          </Flex>
        )}
      </Button>
      <SearchPalette open={open} onClose={() => setOpen(false)} />
    </>
  );
}
