import { createVitestProject } from '../../vitest.shared.js';

// The LDAP provider tests run against a real OpenLDAP slapd started (and stopped) by this global setup.
export default createVitestProject(import.meta.url, { globalSetup: ['./test/slapd/global-setup.ts'] });
