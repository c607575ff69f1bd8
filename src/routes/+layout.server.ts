import { publicDashboard } from '$lib/server/config';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => ({
	locale: locals.locale,
	user: locals.user ? { email: locals.user.email, role: locals.user.role } : null,
	publicDashboard: publicDashboard()
});
