import { z } from "zod";

/** DigitalOcean's error body on every 4xx/5xx. */
export const errorBodySchema = z.object({ id: z.string(), message: z.string(), request_id: z.string().optional() });

export const accountSchema = z.object({
  account: z.object({
    uuid: z.string(),
    email: z.string(),
    name: z.string().optional(),
    status: z.enum(["active", "warning", "locked"]),
    status_message: z.string().optional(),
    droplet_limit: z.number().int().optional(),
    email_verified: z.boolean().optional(),
    team: z.object({ uuid: z.string(), name: z.string() }).optional(),
  }),
});
export type DigitalOceanAccount = z.infer<typeof accountSchema>["account"];
