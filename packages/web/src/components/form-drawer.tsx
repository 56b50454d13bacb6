// A side drawer holding one form: the whole screen on phones, and it keeps
// showing what it was opened for while it slides away.
import { Drawer } from 'antd';
import { useState, type ReactNode } from 'react';
import { useIsPhone } from './use-is-phone';

interface FormDrawerProps<M> {
  /** What the drawer is open for; null closes it. */
  mode: M | null;
  onClose: () => void;
  title: (mode: M) => ReactNode;
  children: (mode: M) => ReactNode;
  width?: number;
}

export function FormDrawer<M>({ mode, onClose, title, children, width = 560 }: FormDrawerProps<M>) {
  const isPhone = useIsPhone();
  const [shown, setShown] = useState(mode);
  if (mode !== null && mode !== shown) setShown(mode);
  return (
    <Drawer
      open={mode !== null}
      onClose={onClose}
      afterOpenChange={(open) => {
        if (!open) setShown(null);
      }}
      destroyOnHidden
      size={isPhone ? '100%' : width}
      title={shown === null ? null : title(shown)}
    >
      {shown === null ? null : children(shown)}
    </Drawer>
  );
}
