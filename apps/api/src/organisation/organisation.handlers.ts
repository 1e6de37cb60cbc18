/** One thin handler per command: gather outside facts, then load → decide → append. */
import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Inject } from '@nestjs/common';
import { CommandContext, CommandResult, CommandRunner, OrganisationDirectory } from '@app/platform';
import { READ_STORE, ReadStore } from '@app/read-store';
import { DEPARTMENTS, DEPARTMENTS_INDEX, DepartmentView } from '@app/projections';
import { NotFoundError, departmentDecider, departmentStream } from '@app/domain';
import { AddBusinessUnitDto, RegisterDepartmentDto } from './organisation.dto';

export class RegisterDepartmentCommand {
  constructor(
    readonly payload: RegisterDepartmentDto,
    readonly context: CommandContext,
  ) {}
}

export class AddBusinessUnitCommand {
  constructor(
    readonly departmentId: string,
    readonly payload: AddBusinessUnitDto,
    readonly context: CommandContext,
  ) {}
}

export class ListDepartmentsQuery {}
export class GetDepartmentQuery {
  constructor(readonly departmentId: string) {}
}

@CommandHandler(RegisterDepartmentCommand)
export class RegisterDepartmentHandler implements ICommandHandler<RegisterDepartmentCommand, CommandResult> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ payload, context }: RegisterDepartmentCommand): Promise<CommandResult> {
    const parentId = payload.parentId ?? null;
    const parent = parentId ? await this.runner.load(departmentStream(parentId), departmentDecider) : null;
    const parentLevel = parent?.state.status === 'registered' ? parent.state.level : null;
    return this.runner.run(
      departmentStream(payload.departmentId),
      departmentDecider,
      { type: 'RegisterDepartment', ...payload, parentId, parentLevel },
      context,
    );
  }
}

@CommandHandler(AddBusinessUnitCommand)
export class AddBusinessUnitHandler implements ICommandHandler<AddBusinessUnitCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ departmentId, payload, context }: AddBusinessUnitCommand): Promise<CommandResult> {
    // an administrator sets up any department; a unit head only their own
    await this.directory.assertActsFor(context.actor, departmentId, { roles: ['admin', 'unit-head'] });
    return this.runner.run(departmentStream(departmentId), departmentDecider, { type: 'AddBusinessUnit', departmentId, ...payload }, context);
  }
}

@QueryHandler(ListDepartmentsQuery)
export class ListDepartmentsHandler implements IQueryHandler<ListDepartmentsQuery, DepartmentView[]> {
  constructor(@Inject(READ_STORE) private readonly reads: ReadStore) {}

  async execute(): Promise<DepartmentView[]> {
    const ids = (await this.reads.rangeIndex(DEPARTMENTS_INDEX)).map((e) => e.member);
    const documents = await this.reads.getDocuments<DepartmentView>(DEPARTMENTS, ids);
    return documents.filter((d): d is DepartmentView => d !== null);
  }
}

@QueryHandler(GetDepartmentQuery)
export class GetDepartmentHandler implements IQueryHandler<GetDepartmentQuery, DepartmentView> {
  constructor(@Inject(READ_STORE) private readonly reads: ReadStore) {}

  async execute({ departmentId }: GetDepartmentQuery): Promise<DepartmentView> {
    const department = await this.reads.getDocument<DepartmentView>(DEPARTMENTS, departmentId);
    if (!department) throw new NotFoundError(`department ${departmentId} is not registered`);
    return department;
  }
}

export const ORGANISATION_HANDLERS = [RegisterDepartmentHandler, AddBusinessUnitHandler, ListDepartmentsHandler, GetDepartmentHandler];
