// Keyboard movement and rectangular selection in the grid. Pure functions over positions.

export interface Position {
  row: number;
  col: number;
}

export interface Bounds {
  rows: number;
  cols: number;
}

const clamp = (value: number, max: number) => Math.max(0, Math.min(max - 1, value));

/** Where a key moves the active cell; undefined when the key is not a movement. */
export function move(
  from: Position,
  key: string,
  bounds: Bounds,
  options: { ctrl?: boolean; shift?: boolean; page?: number } = {},
): Position | undefined {
  const page = options.page ?? 10;
  switch (key) {
    case 'ArrowUp':
      return { row: options.ctrl ? 0 : clamp(from.row - 1, bounds.rows), col: from.col };
    case 'ArrowDown':
      return { row: options.ctrl ? bounds.rows - 1 : clamp(from.row + 1, bounds.rows), col: from.col };
    case 'ArrowLeft':
      return { row: from.row, col: options.ctrl ? 0 : clamp(from.col - 1, bounds.cols) };
    case 'ArrowRight':
      return { row: from.row, col: options.ctrl ? bounds.cols - 1 : clamp(from.col + 1, bounds.cols) };
    case 'Tab':
      if (options.shift)
        return from.col > 0
          ? { row: from.row, col: from.col - 1 }
          : from.row > 0
            ? { row: from.row - 1, col: bounds.cols - 1 }
            : from;
      return from.col < bounds.cols - 1
        ? { row: from.row, col: from.col + 1 }
        : from.row < bounds.rows - 1
          ? { row: from.row + 1, col: 0 }
          : from;
    case 'Home':
      return options.ctrl ? { row: 0, col: 0 } : { row: from.row, col: 0 };
    case 'End':
      return options.ctrl
        ? { row: bounds.rows - 1, col: bounds.cols - 1 }
        : { row: from.row, col: bounds.cols - 1 };
    case 'PageUp':
      return { row: clamp(from.row - page, bounds.rows), col: from.col };
    case 'PageDown':
      return { row: clamp(from.row + page, bounds.rows), col: from.col };
    default:
      return undefined;
  }
}

export interface Range {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export function rangeOf(anchor: Position, focus: Position): Range {
  return {
    top: Math.min(anchor.row, focus.row),
    bottom: Math.max(anchor.row, focus.row),
    left: Math.min(anchor.col, focus.col),
    right: Math.max(anchor.col, focus.col),
  };
}

export function inRange(range: Range | undefined, row: number, col: number): boolean {
  return !!range && row >= range.top && row <= range.bottom && col >= range.left && col <= range.right;
}

/** Where pasted cells land: the block starting at the active cell, clipped to the grid. */
export function pasteTargets(
  at: Position,
  rows: string[][],
  bounds: Bounds,
): { row: number; col: number; text: string }[] {
  const targets: { row: number; col: number; text: string }[] = [];
  rows.forEach((cells, r) => {
    cells.forEach((text, c) => {
      const row = at.row + r;
      const col = at.col + c;
      if (row < bounds.rows && col < bounds.cols) targets.push({ row, col, text });
    });
  });
  return targets;
}

/** A key that starts typing into a cell (a printable character without a modifier). */
export function isTypingKey(event: {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}): boolean {
  return event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey;
}
