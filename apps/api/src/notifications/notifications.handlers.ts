/**
 * The notices of the escalation ladder (003 §3(4)) as their addressees read them: a person their
 * own; oversight, legal and administrators anyone's; a department's list whoever may read that
 * department's records (its own staff, its superiors, oversight).
 */
import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Actor, ForbiddenError, Role } from '@app/domain';
import { OrganisationDirectory } from '@app/platform';
import { READ_STORE, ReadStore } from '@app/read-store';
import { NOTIFICATIONS, NotificationView, notificationsOfDepartmentIndex, notificationsOfPersonIndex } from '@app/projections';
import { NotificationListDto, NotificationsQueryDto } from './notifications.dto';

/** Roles that read every department's records (DOMAIN.md, Users), and so anyone's notices. */
const READ_ALL: readonly Role[] = ['oversight', 'legal', 'admin'];
const DEFAULT_LIMIT = 50;

export class ListNotificationsQuery {
  constructor(
    readonly query: NotificationsQueryDto,
    readonly actor: Actor,
  ) {}
}

@QueryHandler(ListNotificationsQuery)
export class ListNotificationsHandler implements IQueryHandler<ListNotificationsQuery, NotificationListDto> {
  constructor(
    @Inject(READ_STORE) private readonly reads: ReadStore,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ query, actor }: ListNotificationsQuery): Promise<NotificationListDto> {
    const index = await this.index(query, actor);
    const offset = query.offset ?? 0;
    const limit = query.limit ?? DEFAULT_LIMIT;
    const [total, entries] = await Promise.all([this.reads.indexSize(index), this.reads.rangeIndex(index, { reverse: true, offset, limit })]);
    const documents = await this.reads.getDocuments<NotificationView>(
      NOTIFICATIONS,
      entries.map((entry) => entry.member),
    );
    return { total, offset, limit, items: documents.filter((document): document is NotificationView => document !== null) };
  }

  private async index(query: NotificationsQueryDto, actor: Actor): Promise<string> {
    if (query.departmentId) {
      if (!READ_ALL.includes(actor.role)) await this.directory.assertMayRead(actor, query.departmentId);
      return notificationsOfDepartmentIndex(query.departmentId);
    }
    const person = query.person ?? actor.id;
    if (person !== actor.id && !READ_ALL.includes(actor.role))
      throw new ForbiddenError(`a ${actor.role} reads their own notifications, not those of ${person}`);
    return notificationsOfPersonIndex(person);
  }
}
