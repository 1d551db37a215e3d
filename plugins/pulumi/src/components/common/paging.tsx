import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { ReactNode, useState } from 'react';

/**
 * The pages of a cursor-paged list: the cursors of the pages seen so far, the last being the current
 * page's. A change of `resetKey` (the filters and sorting) goes back to the first page.
 */
export function useCursorPages(resetKey: string) {
  const [cursors, setCursors] = useState<Array<string | undefined>>([
    undefined,
  ]);
  const [key, setKey] = useState(resetKey);
  if (key !== resetKey) {
    setKey(resetKey);
    setCursors([undefined]);
  }
  return {
    cursor: key === resetKey ? cursors[cursors.length - 1] : undefined,
    page: cursors.length,
    previous: () => setCursors(c => (c.length > 1 ? c.slice(0, -1) : c)),
    next: (cursor: string) => setCursors(c => [...c, cursor]),
  };
}

/** Previous and next buttons of a cursor-paged list, with the page number and any extra controls. */
export const CursorPager = (props: {
  pages: ReturnType<typeof useCursorPages>;
  nextCursor?: string;
  loading?: boolean;
  children?: ReactNode;
}) => {
  const { pages, nextCursor, loading } = props;
  return (
    <Box display="flex" alignItems="center" p={1} style={{ gap: 8 }}>
      <Typography variant="body2" style={{ flexGrow: 1 }}>
        Page {pages.page}
      </Typography>
      {props.children}
      <Button
        disabled={pages.page <= 1 || loading}
        onClick={() => pages.previous()}
      >
        Previous
      </Button>
      <Button
        disabled={!nextCursor || loading}
        onClick={() => nextCursor && pages.next(nextCursor)}
      >
        Next
      </Button>
    </Box>
  );
};

/** A text filter of a list, as the list views show them. */
export const FilterText = (props: {
  id?: string;
  label: string;
  placeholder?: string;
  ariaLabel?: string;
  value: string;
  onChange: (value: string) => void;
}) => (
  <TextField
    id={props.id}
    label={props.label}
    placeholder={props.placeholder}
    variant="outlined"
    size="small"
    value={props.value}
    onChange={e => props.onChange(e.target.value)}
    inputProps={props.ariaLabel ? { 'aria-label': props.ariaLabel } : undefined}
  />
);

/** A labelled select of a filter bar; `all` is the label of the empty value, when there is one. */
export const FilterSelect = <T extends string | number>(props: {
  id: string;
  label: string;
  value: T | '';
  options: Array<{ value: T; label: string }>;
  all?: string;
  onChange: (value: string) => void;
  minWidth?: number;
  size?: 'small' | 'medium';
}) => (
  <TextField
    id={props.id}
    select
    label={props.label}
    variant="outlined"
    size={props.size ?? 'small'}
    value={props.value}
    onChange={e => props.onChange(e.target.value)}
    style={{ minWidth: props.minWidth ?? 140 }}
  >
    {props.all !== undefined && <MenuItem value="">{props.all}</MenuItem>}
    {props.options.map(o => (
      <MenuItem key={String(o.value)} value={o.value}>
        {o.label}
      </MenuItem>
    ))}
  </TextField>
);
