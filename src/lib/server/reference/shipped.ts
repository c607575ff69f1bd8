import { z } from 'zod';
import regionsJson from '../../../../data/reference/regions.json';
import audienceGroupsJson from '../../../../data/reference/audience-groups.json';

/** The reference lists shipped in data/reference, checked when loaded so a bad edit fails loudly at start. */
const region = z.object({
	code: z.string().regex(/^[a-z0-9-]+$/),
	name: z.string().min(1),
	name_az: z.string().min(1),
	kind: z.enum(['baku_district', 'city', 'economic_region', 'autonomous_republic', 'regional_centre']),
	parent: z.string().nullable(),
	lat: z.number().min(38).max(42.5),
	lon: z.number().min(44).max(51),
	aliases: z.array(z.string().min(1))
});
const audienceGroup = z.object({
	code: z.string().regex(/^[a-z0-9-]+$/),
	name: z.string().min(1),
	name_az: z.string().min(1),
	aliases: z.array(z.string().min(1))
});

export type ShippedRegion = z.infer<typeof region>;
export type ShippedAudienceGroup = z.infer<typeof audienceGroup>;

export const shippedRegions: ShippedRegion[] = z.array(region).parse(regionsJson);
export const shippedAudienceGroups: ShippedAudienceGroup[] = z.array(audienceGroup).parse(audienceGroupsJson);
