import { createVitestProject } from '../../vitest.shared.js';

export default createVitestProject(import.meta.url);
