// A board column that takes a dragged card: highlighted while a card hovers it (and only
// when the card may land there), calling onDrop when it does.
import { useState, type CSSProperties, type DragEvent } from 'react';

export function useDropColumn(droppable: boolean, onDrop: () => void, background: string) {
  const [over, setOver] = useState(false);
  return {
    onDragOver: (e: DragEvent) => {
      if (!droppable) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'move';
      setOver(true);
    },
    onDragLeave: () => setOver(false),
    onDrop: (e: DragEvent) => {
      e.preventDefault();
      setOver(false);
      onDrop();
    },
    style: {
      background: over ? '#e6f4ff' : background,
      border: `1px dashed ${over ? '#1677ff' : 'transparent'}`,
      borderRadius: 10,
      padding: 8,
      transition: 'background 0.15s',
    } satisfies CSSProperties,
  };
}
