import { z } from 'zod';

// The page's CSP forbids eval; without this zod probes `new Function` while building schemas
// and the page logs a violation. Imported before any schema is built.
z.config({ jitless: true });
