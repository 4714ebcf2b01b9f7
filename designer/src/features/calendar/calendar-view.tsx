import type { ViewProps } from '../views/registry.ts';

export default function Screen(_props: ViewProps) {
  return null;
}
