import { useTheme } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';

/**
 * Drifted stacks per day, as bars; an SVG with a text alternative, so the figures are there for screen
 * readers and tests too.
 */
export const DriftChart = (props: {
  days: Array<{ day: string; stacks: number }>;
  height?: number;
}) => {
  const theme = useTheme();
  const height = props.height ?? 160;
  const max = Math.max(1, ...props.days.map(d => d.stacks));
  const width = 720;
  const bar = width / Math.max(1, props.days.length);
  const total = props.days.reduce((sum, d) => sum + d.stacks, 0);
  if (props.days.length === 0) {
    return <Typography variant="body2">No checks in this window.</Typography>;
  }
  return (
    <svg
      role="img"
      aria-label={`Drifted stacks per day over ${props.days.length} days: at most ${max}, ${total} stack-days in all`}
      viewBox={`0 0 ${width} ${height + 20}`}
      width="100%"
      preserveAspectRatio="none"
    >
      {props.days.map((d, i) => {
        const h = (d.stacks / max) * height;
        return (
          <g key={d.day}>
            <title>{`${d.day}: ${d.stacks} drifted`}</title>
            <rect
              x={i * bar + 2}
              y={height - h}
              width={Math.max(1, bar - 4)}
              height={h}
              fill={theme.palette.warning?.main ?? '#ed6c02'}
            />
          </g>
        );
      })}
      <line
        x1={0}
        x2={width}
        y1={height}
        y2={height}
        stroke={theme.palette.divider}
      />
      <text
        x={0}
        y={height + 16}
        fontSize={11}
        fill={theme.palette.text.secondary}
      >
        {props.days[0].day}
      </text>
      <text
        x={width}
        y={height + 16}
        fontSize={11}
        textAnchor="end"
        fill={theme.palette.text.secondary}
      >
        {props.days[props.days.length - 1].day}
      </text>
    </svg>
  );
};
