import Button, { ButtonProps } from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import { ReactNode, useState } from 'react';

/**
 * A button for a change: it asks first, in a dialog that says what will happen, and acts only on "confirm".
 */
export const ConfirmButton = (props: {
  label: string;
  title: string;
  description: ReactNode;
  confirmLabel?: string;
  onConfirm: () => void | Promise<void>;
  disabled?: boolean;
  color?: ButtonProps['color'];
  variant?: ButtonProps['variant'];
  startIcon?: ReactNode;
}) => {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        variant={props.variant ?? 'outlined'}
        color={props.color ?? 'primary'}
        disabled={props.disabled}
        startIcon={props.startIcon}
        onClick={() => setOpen(true)}
      >
        {props.label}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)}>
        <DialogTitle>{props.title}</DialogTitle>
        <DialogContent>
          <DialogContentText component="div">
            {props.description}
          </DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>Cancel</Button>
          <Button
            color="primary"
            variant="contained"
            onClick={async () => {
              setOpen(false);
              await props.onConfirm();
            }}
          >
            {props.confirmLabel ?? props.label}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
};

/** An open confirmation dialog, for confirmations that need input. */
export const ConfirmDialog = (props: {
  title: string;
  children: ReactNode;
  confirmLabel?: string;
  onConfirm: () => void;
  onCancel: () => void;
}) => (
  <Dialog open onClose={props.onCancel}>
    <DialogTitle>{props.title}</DialogTitle>
    <DialogContent>{props.children}</DialogContent>
    <DialogActions>
      <Button onClick={props.onCancel}>Cancel</Button>
      <Button color="primary" variant="contained" onClick={props.onConfirm}>
        {props.confirmLabel ?? 'Confirm'}
      </Button>
    </DialogActions>
  </Dialog>
);
