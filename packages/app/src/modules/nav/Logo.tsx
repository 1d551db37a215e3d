import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  svg: { height: 30, width: 'auto' },
  block: { fill: '#7df3e1' },
  text: { fill: '#7df3e1', fontFamily: 'sans-serif', fontWeight: 700 },
});

/** Stackyard's mark, three stacked blocks, and with the sidebar open its name beside them. */
export const Logo = ({ full }: { full: boolean }) => {
  const classes = useStyles();
  return (
    <svg
      className={classes.svg}
      xmlns="http://www.w3.org/2000/svg"
      viewBox={full ? '0 0 200 40' : '0 0 40 40'}
      role="img"
      aria-label="Stackyard"
    >
      {[4, 16, 28].map(y => (
        <rect
          key={y}
          className={classes.block}
          x="2"
          y={y}
          width="34"
          height="8"
          rx="2"
        />
      ))}
      {full && (
        <text className={classes.text} x="46" y="30" fontSize="28">
          Stackyard
        </text>
      )}
    </svg>
  );
};
