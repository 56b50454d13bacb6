// Frame of the pages shown before sign-in: brand, language switcher, one panel.
// Plain elements styled with theme tokens keep the login page's download small.
import { Flex, theme } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitcher } from '../../components/language-switcher';

export function AuthShell({ title, subtitle, width, children }: { title: ReactNode; subtitle?: ReactNode; width: number; children: ReactNode }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  return (
    <Flex vertical style={{ minHeight: '100vh', background: `linear-gradient(180deg, #eef4ff 0%, ${token.colorBgLayout} 320px)` }}>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ padding: '12px 16px' }}>
        <Flex align="center" gap={10}>
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <strong style={{ fontSize: 16, color: token.colorText }}>{t('app.name')}</strong>
        </Flex>
        <LanguageSwitcher />
      </Flex>
      <Flex flex={1} justify="center" align="flex-start" style={{ padding: '24px 12px 48px' }}>
        <main
          style={{
            width: '100%',
            maxWidth: width,
            boxSizing: 'border-box',
            padding: token.paddingLG,
            background: token.colorBgContainer,
            borderRadius: token.borderRadiusLG,
            border: `1px solid ${token.colorBorderSecondary}`,
            boxShadow: '0 6px 24px rgba(15, 35, 95, 0.08)',
          }}
        >
          <h1 style={{ margin: `0 0 ${subtitle ? 4 : 24}px`, fontSize: token.fontSizeHeading3, fontWeight: 600, color: token.colorTextHeading }}>
            {title}
          </h1>
          {subtitle ? <p style={{ margin: '0 0 24px', color: token.colorTextSecondary }}>{subtitle}</p> : null}
          {children}
        </main>
      </Flex>
    </Flex>
  );
}
