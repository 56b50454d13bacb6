// A chart that fills its container's width and follows it as it resizes (phones included).
// ECharts loads on the first chart shown; until then the box keeps its height.
import type { BarSeriesOption, FunnelSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption, EChartsType } from 'echarts/core';
import { Skeleton, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

export type ChartOption = ComposeOption<BarSeriesOption | FunnelSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

let engine: Promise<typeof import('./chart-engine')> | null = null;
const loadEngine = () => {
  engine ??= import('./chart-engine').catch((error: unknown) => {
    engine = null; // a later chart tries again (e.g. after the network came back)
    throw error;
  });
  return engine;
};

export function Chart({ option, height = 280, label, testId }: { option: ChartOption; height?: number; label: string; testId?: string }) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const latest = useRef(option);
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');
  latest.current = option;

  useEffect(() => {
    let gone = false;
    let observer: ResizeObserver | null = null;
    loadEngine()
      .then(({ init }) => {
        if (gone || !box.current) return;
        const instance = init(box.current, undefined, { renderer: 'canvas' });
        instance.setOption(latest.current);
        chart.current = instance;
        observer = new ResizeObserver(() => instance.resize());
        observer.observe(box.current);
        setState('ready');
      })
      .catch(() => {
        if (!gone) setState('failed');
      });
    return () => {
      gone = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return (
    <div style={{ position: 'relative', width: '100%', height }} data-testid={testId}>
      <div ref={box} role="img" aria-label={label} style={{ width: '100%', height: '100%' }} />
      {state === 'loading' ? <Skeleton.Node active style={{ position: 'absolute', inset: 0, width: '100%', height }} /> : null}
      {state === 'failed' ? (
        <Typography.Text type="secondary" style={{ position: 'absolute', inset: 0, display: 'grid', placeItems: 'center' }}>
          {t('common.chartFailed')}
        </Typography.Text>
      ) : null}
    </div>
  );
}
