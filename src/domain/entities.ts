import { z } from 'zod';

export const ColorSchema = z.string().min(1).max(40);

/** Visual and physical attributes people use to tell objects apart ("the red mug", "the big bowl"). */
export const AttributesSchema = z
  .object({
    color: ColorSchema.optional(),
    size: z.enum(['small', 'medium', 'large']).optional(),
    material: z.string().min(1).max(40).optional(),
  })
  .strict();
export type Attributes = z.infer<typeof AttributesSchema>;

export const TemperatureSchema = z.enum(['cold', 'room', 'hot']);
export type Temperature = z.infer<typeof TemperatureSchema>;

/**
 * Mutable state of an entity or region. Every field is optional: an entity has only the state its
 * affordances give it (a mug has `clean` and `filled`, a fridge `open`, a lamp `on`).
 */
export const EntityStateSchema = z
  .object({
    open: z.boolean().optional(),
    on: z.boolean().optional(),
    clean: z.boolean().optional(),
    temperature: TemperatureSchema.optional(),
    sliced: z.boolean().optional(),
    filled: z.boolean().optional(),
  })
  .strict();
export type EntityState = z.infer<typeof EntityStateSchema>;

/** How one thing rests on or in another (an entity or a named region of one). */
export const PlacementSchema = z.object({
  relation: z.enum(['in', 'on']),
  target: z.string().min(1),
});
export type Placement = z.infer<typeof PlacementSchema>;

/** Robot capabilities that skills require. */
export const CapabilitySchema = z.enum([
  'navigate',
  'manipulate',
  'open',
  'toggle',
  'slice',
  'clean',
  'heat',
  'cool',
  'handover',
  'search',
]);
export type Capability = z.infer<typeof CapabilitySchema>;
