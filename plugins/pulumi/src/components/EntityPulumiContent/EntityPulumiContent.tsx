import { Content } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import { useState } from 'react';
import { DriftStatusChip } from '../common/DriftStatusChip';
import { renderEntityStacks } from '../common/EntityStacksState';
import { locator } from '../common/format';
import { useEntityStacks } from '../common/useEntityStacks';
import { StackView } from '../StackView';

/**
 * The Pulumi tab of an entity: each of its stacks in full (overview, resources, outputs, history, runs
 * with live logs, and drift with its actions).
 *
 * @public
 */
export const EntityPulumiContent = () => {
  const { entity } = useEntity();
  const stacks = useEntityStacks(entity);
  const [selected, setSelected] = useState(0);
  return (
    <Content noPadding>
      {renderEntityStacks(stacks, items => {
        const index = Math.min(selected, items.length - 1);
        return (
          <>
            {items.length > 1 && (
              <Tabs
                value={index}
                onChange={(_e, v) => setSelected(v)}
                variant="scrollable"
                indicatorColor="primary"
                aria-label="stacks"
              >
                {items.map(s => (
                  <Tab
                    key={s.ref}
                    label={
                      <Box
                        display="flex"
                        alignItems="center"
                        style={{ gap: 8 }}
                      >
                        {s.project}/{s.stack}
                        <DriftStatusChip status={s.driftStatus} />
                      </Box>
                    }
                  />
                ))}
              </Tabs>
            )}
            <Box mt={2}>
              <StackView key={items[index].ref} stack={locator(items[index])} />
            </Box>
          </>
        );
      })}
    </Content>
  );
};
