/** The department the import benches import into: registered straight into the log, as the import requires it. */
import { SqliteEventStore } from '@app/event-store';

/** The importing department must exist: the import checks that the actor acts for it. */
export async function registerDepartment(store: SqliteEventStore): Promise<void> {
  const metadata = {
    actorId: 'bench',
    role: 'admin',
    unit: 'hunan',
    commandId: 'bench-setup',
    correlationId: 'bench-setup',
    causationId: 'bench-setup',
    recordedAt: new Date().toISOString(),
  };
  await store.append(
    'department-hunan',
    [
      {
        id: '00000000-0000-4000-8000-000000000001',
        type: 'DepartmentRegistered',
        schemaVersion: 1,
        data: { departmentId: 'hunan', name: '湖南省市场监督管理局', level: 'province', parentId: null, areaCode: '430000' },
        metadata,
      },
    ],
    'no-stream',
  );
}
