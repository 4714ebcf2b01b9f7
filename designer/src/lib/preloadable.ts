// React.lazy for a screen that can be loaded ahead of its route. Once its chunk is in, the lazy
// component resolves synchronously (a thenable that calls back at once), so rendering it does not
// suspend: no fallback flashes, and React does not hold the reveal back (it throttles reveals
// after a fallback by up to 300 ms).
import { type ComponentType, type LazyExoticComponent, lazy } from 'react';

type Module<P> = { default: ComponentType<P> };

export function preloadable<P extends object>(
  load: () => Promise<Module<P>>,
): LazyExoticComponent<ComponentType<P>> & { preload(): Promise<unknown> } {
  let loaded: Module<P> | undefined;
  let loading: Promise<Module<P>> | undefined;
  const preload = () =>
    (loading ??= load().then((module) => {
      loaded = module;
      return module;
    }));
  const component = lazy(() => {
    if (!loaded) return preload();
    const module = loaded;
    // biome-ignore lint/suspicious/noThenProperty: a thenable that resolves synchronously is the point: React.lazy then does not suspend
    return { then: (resolve: (value: Module<P>) => void) => resolve(module) } as Promise<Module<P>>;
  });
  return Object.assign(component, { preload });
}
