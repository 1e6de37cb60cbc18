import { Projection } from '@app/read-store';
import { departmentsProjection } from './departments/departments.projection';

export * from './departments/departments.projection';

/** Every read model the projector maintains, in the order they are applied to each event. */
export const ALL_PROJECTIONS: readonly Projection[] = [departmentsProjection];
