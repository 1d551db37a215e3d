import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import { DRIFT_STATUSES, DriftStatus } from '@stackyard/plugin-pulumi-common';
import { FilterSelect, FilterText } from '../common/paging';
import { driftLabel } from '../common/DriftStatusChip';

/** The filters of the explorer. */
export interface StackFilters {
  backend: string;
  project: string;
  owner: string;
  drift: DriftStatus | '';
  q: string;
}

export const EMPTY: StackFilters = {
  backend: '',
  project: '',
  owner: '',
  drift: '',
  q: '',
};

/** The explorer's filters: search, backend, project, owner and drift status, and a button that clears them. */
export const StackFilterBar = (props: {
  filters: StackFilters;
  backends: string[];
  onChange: (filters: StackFilters) => void;
}) => {
  const setFilter = (key: keyof StackFilters) => (value: string) =>
    props.onChange({ ...props.filters, [key]: value });
  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 12 }} mb={2}>
      <FilterText
        label="Search"
        placeholder="project or stack name"
        ariaLabel="search stacks"
        value={props.filters.q}
        onChange={setFilter('q')}
      />
      <FilterSelect
        id="pulumi-stacks-backend"
        label="Backend"
        value={props.filters.backend}
        all="All backends"
        options={props.backends.map(id => ({ value: id, label: id }))}
        onChange={setFilter('backend')}
      />
      <FilterText
        id="pulumi-stacks-project"
        label="Project"
        value={props.filters.project}
        onChange={setFilter('project')}
      />
      <FilterText
        id="pulumi-stacks-owner"
        label="Owner"
        placeholder="group:default/team"
        value={props.filters.owner}
        onChange={setFilter('owner')}
      />
      <FilterSelect
        id="pulumi-stacks-drift"
        label="Drift"
        value={props.filters.drift}
        all="Any status"
        options={DRIFT_STATUSES.map(s => ({
          value: s,
          label: driftLabel(s),
        }))}
        onChange={setFilter('drift')}
      />
      {Object.values(props.filters).some(Boolean) && (
        <Button onClick={() => props.onChange(EMPTY)}>Clear filters</Button>
      )}
    </Box>
  );
};
