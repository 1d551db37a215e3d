import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Paper from '@material-ui/core/Paper';
import MuiTable from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { PulumiDriftFinding } from '@stackyard/plugin-pulumi-common';
import { showValue } from '../common/format';

const KIND_LABELS: Record<PulumiDriftFinding['kind'], string> = {
  changed: 'changed outside Pulumi',
  deleted: 'deleted outside Pulumi',
  undeployed: 'code not deployed',
};

const INPUTS_ONLY =
  "The code's inputs differ from the real state; restore to re-apply them.";

/**
 * Whether every property of the finding is an input that differs from the real resource, whose state
 * already matches it: what remains after drift was accepted, when the provider reads back no inputs.
 */
function differsInInputsOnly(finding: PulumiDriftFinding): boolean {
  return (
    finding.properties.length > 0 &&
    finding.properties.every(p => p.source === 'inputs')
  );
}

/** One drifted resource: each property, what the state expects and what is really there. */
export const FindingDiff = (props: {
  finding: PulumiDriftFinding;
  onIgnore?: (finding: PulumiDriftFinding, property?: string) => void;
}) => {
  const { finding, onIgnore } = props;
  const inputsOnly = differsInInputsOnly(finding);
  return (
    <Paper variant="outlined" style={{ marginBottom: 16 }}>
      <Box p={2} display="flex" alignItems="center">
        <Box flexGrow={1}>
          <Typography variant="subtitle1">
            <strong>{finding.name}</strong> {KIND_LABELS[finding.kind]}
            {finding.operation ? ` (${finding.operation})` : ''}
            {finding.ignored ? ' — ignored' : ''}
          </Typography>
          <Typography variant="caption" color="textSecondary">
            {finding.type} · {finding.urn}
          </Typography>
          {inputsOnly && <Typography variant="body2">{INPUTS_ONLY}</Typography>}
        </Box>
      </Box>
      {finding.properties.length > 0 && (
        <MuiTable size="small" aria-label={`drift of ${finding.name}`}>
          <TableHead>
            <TableRow>
              <TableCell>Property</TableCell>
              <TableCell>
                {inputsOnly
                  ? "Expected (code's inputs)"
                  : 'Expected (Pulumi state)'}
              </TableCell>
              <TableCell>Actual</TableCell>
              {onIgnore && <TableCell />}
            </TableRow>
          </TableHead>
          <TableBody>
            {finding.properties.map(p => (
              <TableRow key={p.path} style={p.ignored ? { opacity: 0.5 } : {}}>
                <TableCell>
                  <code>{p.path}</code>
                  {p.ignored ? ' (ignored)' : ''}
                </TableCell>
                <TableCell>
                  <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
                    {showValue(p.expected)}
                  </pre>
                </TableCell>
                <TableCell>
                  <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
                    {showValue(p.actual)}
                  </pre>
                </TableCell>
                {onIgnore && (
                  <TableCell>
                    {!p.ignored && (
                      <Button
                        size="small"
                        onClick={() => onIgnore(finding, p.path)}
                      >
                        Ignore
                      </Button>
                    )}
                  </TableCell>
                )}
              </TableRow>
            ))}
          </TableBody>
        </MuiTable>
      )}
    </Paper>
  );
};
