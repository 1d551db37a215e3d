import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { ReactNode } from 'react';
import { stackRouteRef } from '../../routes';
import type { StackLocator } from '../../api';
import { locator } from './format';

/**
 * The path of a stack's page, or undefined in an app that does not mount the Pulumi page: the card and
 * tab then show stack names without links instead of failing.
 */
export function useStackPath(): ((stack: StackLocator) => string) | undefined {
  let link: ((params: StackLocator) => string) | undefined;
  try {
    // Always called, in the same order: the try only catches its error for an unmounted route.
    // eslint-disable-next-line react-hooks/rules-of-hooks
    link = useRouteRef(stackRouteRef);
  } catch {
    // The route is not mounted in this app.
    link = undefined;
  }
  return link ? stack => link!(locator(stack)) : undefined;
}

/** A stack's name, linked to its page when the app has one. */
export const StackLink = (props: {
  stack: StackLocator;
  children?: ReactNode;
}) => {
  const path = useStackPath();
  const label = props.children ?? `${props.stack.project}/${props.stack.stack}`;
  return path ? <Link to={path(props.stack)}>{label}</Link> : <>{label}</>;
};
