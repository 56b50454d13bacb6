// Providers around the whole app: data cache, antd theme and locale, router.
import { QueryClientProvider } from '@tanstack/react-query';
import { ConfigProvider, type ThemeConfig } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { RouterProvider } from 'react-router';
import { queryClient } from '../api/query-client';
import { antdLocaleFor } from '../i18n';
import { router } from './router';

const latin = "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'Helvetica Neue', Arial";
// Traditional Chinese text needs the TC cuts of the system fonts, or glyph shapes come out mainland-style.
const cjk = {
  simplified: "'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC'",
  traditional: "'PingFang TC', 'Microsoft JhengHei', 'Noto Sans CJK TC', 'Noto Sans TC'",
};

function themeFor(language: string): ThemeConfig {
  const fonts = language === 'zh-TW' ? [cjk.traditional, cjk.simplified] : [cjk.simplified, cjk.traditional];
  return {
    token: {
      colorPrimary: '#1677ff',
      borderRadius: 8,
      fontFamily: `${latin}, ${fonts.join(', ')}, sans-serif`,
    },
    components: {
      Layout: { headerBg: '#ffffff', siderBg: '#ffffff', bodyBg: '#f5f7fa', headerPadding: '0 16px' },
    },
  };
}

export function Providers() {
  const { i18n } = useTranslation();
  const theme = useMemo(() => themeFor(i18n.language), [i18n.language]);
  return (
    <QueryClientProvider client={queryClient}>
      {/* No space inserted into two-character Chinese button labels: labels stay exactly as translated. */}
      <ConfigProvider locale={antdLocaleFor(i18n.language)} theme={theme} button={{ autoInsertSpace: false }}>
        <RouterProvider router={router} />
      </ConfigProvider>
    </QueryClientProvider>
  );
}
