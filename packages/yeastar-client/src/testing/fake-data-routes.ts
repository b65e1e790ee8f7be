/** What the data endpoints of the fake need from the server. */
export interface FakeDataState {
  /** CDRs produced so far (wire `msg` objects plus `id`). */
  cdrs: Array<Record<string, unknown>>;
  /** Extension numbers the PBX knows. */
  extensions: string[];
  /** Registers a recording for download; returns its relative URL (valid 30 minutes). */
  registerDownload: (file: string) => string;
}

type Result = Record<string, unknown>;
const ok = (data: Result = {}): Result => ({ errcode: 0, errmsg: 'SUCCESS', ...data });
const notFound: Result = { errcode: 60001, errmsg: 'DATA NOT FOUND' };

const contacts = [
  {
    id: 1,
    first_name: 'Maria',
    last_name: 'Papadopoulou',
    company: 'ACME',
    number_list: [{ num_type: 'business_number', number: '+302101234567' }],
  },
];

/**
 * `cdr/list|search`, `recording/download`, `extension/list|search|get`, `company_contact/list|search` of the
 * fake P-Series PBX, with `page` / `page_size` (≤ 10000) / `total_number` paging as documented (research §1.10).
 * Returns undefined for any other endpoint.
 */
export function routeData(state: FakeDataState, endpoint: string, q: URLSearchParams): Result | undefined {
  const page = <T>(rows: T[]) => {
    const p = Math.max(1, Number(q.get('page') ?? 1));
    const size = Math.min(10_000, Math.max(1, Number(q.get('page_size') ?? 10_000)));
    return ok({ total_number: rows.length, data: rows.slice((p - 1) * size, p * size) });
  };
  const extensionRows = state.extensions.map((number, i) => ({
    id: i + 1,
    number,
    caller_id_name: `Agent ${number}`,
    online_status: {},
    presence_status: 'available',
  }));
  const search = q.get('search_value') ?? '';
  switch (endpoint) {
    case 'cdr/list':
      return page(q.get('order_by') === 'desc' ? [...state.cdrs].reverse() : state.cdrs);
    case 'cdr/search': {
      const status = q.get('status');
      return page(state.cdrs.filter((c) => !status || c.status === status));
    }
    case 'recording/download': {
      const file = q.get('file') ?? state.cdrs.find((c) => String(c.id) === q.get('id'))?.recording;
      if (typeof file !== 'string' || !file || !state.cdrs.some((c) => c.recording === file)) return notFound;
      return ok({ file, download_resource_url: state.registerDownload(file) });
    }
    case 'extension/list':
      return page(extensionRows);
    case 'extension/search':
      return page(
        extensionRows.filter((e) => e.number.includes(search) || e.caller_id_name.includes(search)),
      );
    case 'extension/get': {
      const row = extensionRows.find((e) => String(e.id) === q.get('id'));
      return row ? ok({ data: row }) : notFound;
    }
    case 'company_contact/list':
    case 'company_contact/search':
      return page(contacts.filter((c) => !search || JSON.stringify(c).includes(search)));
    default:
      return undefined;
  }
}
