import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Material UI renders slowly in jsdom, and CI runs every package's tests at once on two cores: give each
// test and each `findBy`/`waitFor` room, so that a slow machine is never a failure.
jest.setTimeout(30_000);
configure({ asyncUtilTimeout: 10_000 });
