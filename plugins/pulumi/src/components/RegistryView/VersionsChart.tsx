import { useTheme } from '@material-ui/core/styles';
import type { PulumiRegistryPackage } from '@stackyard/plugin-pulumi-common';

const ROW = 26;
const LABEL = 180;
const WIDTH = 720;

/**
 * The stacks of each package, as a bar per package cut into its versions: current ones in the primary
 * colour, outdated ones in the warning colour. An SVG with a text alternative, and a title per segment.
 */
export const VersionsChart = (props: { packages: PulumiRegistryPackage[] }) => {
  const theme = useTheme();
  const max = Math.max(1, ...props.packages.map(p => p.stacks));
  const scale = (WIDTH - LABEL - 8) / max;
  const outdated = props.packages.reduce((n, p) => n + p.outdatedStacks, 0);
  return (
    <svg
      role="img"
      aria-label={`Stacks per package version: ${props.packages.length} packages, ${outdated} outdated uses`}
      viewBox={`0 0 ${WIDTH} ${ROW * props.packages.length + 4}`}
      width="100%"
    >
      {props.packages.map((p, row) => {
        let x = LABEL;
        return (
          <g key={p.name} transform={`translate(0, ${row * ROW})`}>
            <text x={0} y={17} fontSize={12} fill={theme.palette.text.primary}>
              {p.name}
            </text>
            {p.versions.map(v => {
              const width = v.stacks * scale;
              const segment = (
                <rect
                  key={v.version}
                  x={x}
                  y={4}
                  width={Math.max(1, width - 2)}
                  height={ROW - 8}
                  fill={
                    v.outdated
                      ? theme.palette.warning?.main ?? '#ed6c02'
                      : theme.palette.primary.main
                  }
                >
                  <title>{`${p.name} ${v.version}: ${v.stacks} stacks${
                    v.outdated ? ', outdated' : ''
                  }`}</title>
                </rect>
              );
              x += width;
              return segment;
            })}
          </g>
        );
      })}
    </svg>
  );
};
