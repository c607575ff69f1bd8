import type { MessageKey } from '$lib/i18n';
import type { UserProblem } from './users';

/** The catalog text that explains a refused account change to the user. */
export function problemKey(problem: UserProblem | 'wrongCurrent'): MessageKey {
	return `auth.problem.${problem}`;
}
