/**
 * Answers "which department is this, and who stands above it" from the event log itself (the
 * write side never trusts read models for a rule). A department's superior never changes once
 * registered, so answers are cached for the life of the process.
 */
import { Injectable } from '@nestjs/common';
import { Actor, ForbiddenError, Jurisdiction, NotFoundError, ScopeRule, departmentDecider, departmentStream, mayActFor, mayRead } from '@app/domain';
import { CommandRunner } from './command-runner';

interface DepartmentFacts {
  readonly level: 'province' | 'city' | 'county';
  readonly parentId: string | null;
  /** 行政区划 of the government the department belongs to. */
  readonly areaCode: string;
}

@Injectable()
export class OrganisationDirectory {
  private readonly cache = new Map<string, DepartmentFacts>();

  constructor(private readonly runner: CommandRunner) {}

  /** The department's facts, or null when it is not registered. */
  async department(departmentId: string): Promise<DepartmentFacts | null> {
    const cached = this.cache.get(departmentId);
    if (cached) return cached;
    const loaded = await this.runner.load(departmentStream(departmentId), departmentDecider);
    if (loaded.state.status !== 'registered') return null;
    const registered = loaded.events.find((e) => e.type === 'DepartmentRegistered');
    const data = registered?.data as { parentId: string | null; areaCode: string };
    const facts: DepartmentFacts = { level: loaded.state.level, parentId: data.parentId, areaCode: data.areaCode };
    this.cache.set(departmentId, facts);
    return facts;
  }

  async jurisdiction(departmentId: string): Promise<Jurisdiction> {
    const superiors: string[] = [];
    let facts = await this.department(departmentId);
    if (!facts) throw new NotFoundError(`department ${departmentId} is not registered`, 'departmentId');
    while (facts?.parentId) {
      superiors.push(facts.parentId);
      facts = await this.department(facts.parentId);
    }
    return { departmentId, superiors };
  }

  /** Throws 403 unless the actor may act for the department under the rule; returns its jurisdiction. */
  async assertActsFor(actor: Actor, departmentId: string, rule: ScopeRule = {}): Promise<Jurisdiction> {
    const jurisdiction = await this.jurisdiction(departmentId);
    if (!mayActFor(actor, jurisdiction, rule)) throw new ForbiddenError(`a ${actor.role} of ${actor.unit} may not act for ${departmentId}`);
    return jurisdiction;
  }

  async assertMayRead(actor: Actor, departmentId: string): Promise<Jurisdiction> {
    const jurisdiction = await this.jurisdiction(departmentId);
    if (!mayRead(actor, jurisdiction)) throw new ForbiddenError(`a ${actor.role} of ${actor.unit} may not read the records of ${departmentId}`);
    return jurisdiction;
  }
}
