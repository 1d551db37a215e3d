import MuiTable from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { PulumiPlannedStep } from '@stackyard/plugin-pulumi-common';
import { Fragment } from 'react';
import { shortType, showValue } from '../common/format';

const valueStyle = { margin: 0, whiteSpace: 'pre-wrap' } as const;
const nowrap = { whiteSpace: 'nowrap' } as const;

/** The steps of a plan: each resource with its operation, and each property it changes, before and after. */
export const PlannedSteps = (props: { steps: PulumiPlannedStep[] }) => {
  if (props.steps.length === 0) {
    return (
      <Typography variant="body2">The plan changes no resource.</Typography>
    );
  }
  return (
    <MuiTable size="small" aria-label="planned steps">
      <TableHead>
        <TableRow>
          <TableCell>Resource</TableCell>
          <TableCell>Step</TableCell>
          <TableCell>Property</TableCell>
          <TableCell>Now</TableCell>
          <TableCell>After</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.steps.map(step => {
          const rows =
            step.properties.length > 0 ? step.properties : [undefined];
          return (
            <Fragment key={step.urn}>
              {rows.map((property, i) => (
                <TableRow key={property?.path ?? '-'}>
                  {i === 0 && (
                    <>
                      <TableCell rowSpan={rows.length}>
                        <strong>{step.name}</strong>
                        <br />
                        <Typography variant="caption" color="textSecondary">
                          {shortType(step.type)}
                        </Typography>
                      </TableCell>
                      <TableCell rowSpan={rows.length} style={nowrap}>
                        {step.operation}
                        {step.restoresDrift ? ' (undoes drift)' : ''}
                      </TableCell>
                    </>
                  )}
                  <TableCell style={nowrap}>
                    {property ? <code>{property.path}</code> : '—'}
                  </TableCell>
                  <TableCell>
                    <pre style={valueStyle}>
                      {property ? showValue(property.before) : ''}
                    </pre>
                  </TableCell>
                  <TableCell>
                    <pre style={valueStyle}>
                      {property ? showValue(property.after) : ''}
                    </pre>
                  </TableCell>
                </TableRow>
              ))}
            </Fragment>
          );
        })}
      </TableBody>
    </MuiTable>
  );
};
