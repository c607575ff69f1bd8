/**
 * npm run user -- COMMAND ...: user accounts from the command line (recorded in the audit log as 'cli:<os user>').
 * Passwords are read from standard input (typed without echo at a terminal), never from the arguments,
 * where they would land in the shell's history and the process list.
 * Exit codes: 0 done, 1 refused (the email exists, the last administrator, a weak password), 2 usage or no such user.
 */
import { parseArgs } from 'node:util';
import { databasePath } from '$lib/server/db/client';
import { openDatabase } from '$lib/server/services/database';
import { cliActor } from '$lib/server/services/audit';
import {
	changeRole,
	createUser,
	findUserIdByEmail,
	listUserViews,
	resetPassword,
	setDisabled,
	type UserProblem
} from '$lib/server/services/users';
import { PASSWORD_MIN } from '$lib/server/auth/password';

const USAGE = `Usage: npm run user -- COMMAND
  add EMAIL --role ROLE     creates a user who can log in at once; reads the password from standard input
  set-role EMAIL ROLE       changes a user's role (ROLE: viewer, analyst or admin; also --role ROLE)
  disable EMAIL             the user can no longer log in; their sessions end at once
  enable EMAIL              lets a disabled user log in again
  reset EMAIL               sets a new password read from standard input; the user's sessions end
  list                      the users, their roles and status
  Passwords: at least ${PASSWORD_MIN} characters; at a terminal you are asked twice, otherwise the first line of standard input is taken.
  Database: DATABASE_PATH (default data/app.sqlite).`;

const PROBLEMS: Record<UserProblem, string> = {
	invalidEmail: 'that is not a valid email address',
	exists: 'a user with this email already exists',
	invalidRole: 'the role must be viewer, analyst or admin',
	notFound: 'there is no user with this email',
	lastAdmin: 'this is the last active administrator: make someone else an administrator first',
	self: 'not allowed on your own account',
	invalidLink: 'the link is not valid',
	tooShort: `the password must have at least ${PASSWORD_MIN} characters`,
	tooLong: 'the password must have at most 256 characters',
	sameAsEmail: 'the password must not be the email address',
	mismatch: 'the two passwords differ'
};

class Usage extends Error {}
class Refused extends Error {}

/** Reads a line at a terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
	return new Promise((resolve, reject) => {
		const stdin = process.stdin;
		process.stderr.write(question);
		stdin.setRawMode(true);
		stdin.resume();
		stdin.setEncoding('utf8');
		let value = '';
		const done = (err: Error | null) => {
			stdin.setRawMode(false);
			stdin.pause();
			stdin.off('data', onData);
			process.stderr.write('\n');
			if (err) reject(err);
			else resolve(value);
		};
		const onData = (chunk: string) => {
			for (const ch of chunk) {
				if (ch === '\r' || ch === '\n') return done(null);
				if (ch === '\u0003') return done(new Usage('cancelled'));
				if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
				else if (ch >= ' ') value += ch;
			}
		};
		stdin.on('data', onData);
	});
}

async function readPassword(): Promise<string> {
	if (process.stdin.isTTY) {
		const first = await promptHidden('Password: ');
		const again = await promptHidden('Repeat the password: ');
		if (first !== again) throw new Refused('the two passwords differ');
		return first;
	}
	let text = '';
	process.stdin.setEncoding('utf8');
	for await (const chunk of process.stdin) text += chunk;
	const line = text.split(/\r?\n/)[0] ?? '';
	if (!line) throw new Usage('no password on standard input');
	return line;
}

function check<T extends { ok: boolean }>(r: T): asserts r is T & { ok: true } {
	if (!r.ok) {
		const problem = (r as unknown as { problem: UserProblem }).problem;
		if (problem === 'notFound') throw new Usage(PROBLEMS.notFound);
		throw new Refused(PROBLEMS[problem]);
	}
}

async function main(argv: string[]): Promise<number> {
	let parsed;
	try {
		parsed = parseArgs({
			args: argv,
			allowPositionals: true,
			options: { role: { type: 'string' }, help: { type: 'boolean', short: 'h' } }
		});
	} catch (e) {
		throw new Usage(`${(e as Error).message}\n${USAGE}`);
	}
	const { values, positionals } = parsed;
	const [command, email, roleArg] = positionals;
	if (values.help) {
		console.log(USAGE);
		return 0;
	}
	const needsEmail = ['add', 'set-role', 'disable', 'enable', 'reset'];
	if (!command || (needsEmail.includes(command) && !email) || (!needsEmail.includes(command) && command !== 'list')) throw new Usage(USAGE);

	const db = await openDatabase(databasePath());
	try {
		const actor = cliActor();
		const idOf = async (e: string) => {
			const id = await findUserIdByEmail(db.kysely, e);
			if (id === null) throw new Usage(`${e}: ${PROBLEMS.notFound}`);
			return id;
		};
		switch (command) {
			case 'add': {
				if (!values.role) throw new Usage(`add needs --role ROLE\n${USAGE}`);
				const password = await readPassword();
				const r = await createUser(db.kysely, actor, { email, role: values.role, password });
				check(r);
				console.log(`Created ${r.user.email} (${r.user.role}); they can log in now.`);
				return 0;
			}
			case 'set-role': {
				const role = values.role ?? roleArg;
				if (!role) throw new Usage(`set-role needs a role\n${USAGE}`);
				const r = await changeRole(db.kysely, actor, await idOf(email), role);
				check(r);
				console.log(`${email} is now ${role}.`);
				return 0;
			}
			case 'disable':
			case 'enable': {
				const r = await setDisabled(db.kysely, actor, await idOf(email), command === 'disable');
				check(r);
				console.log(command === 'disable' ? `${email} is disabled; their sessions have ended.` : `${email} can log in again.`);
				return 0;
			}
			case 'reset': {
				const id = await idOf(email);
				const password = await readPassword();
				const r = await resetPassword(db.kysely, actor, id, { password });
				check(r);
				console.log(`The password of ${r.email} was changed; their sessions have ended.`);
				return 0;
			}
			case 'list': {
				const users = await listUserViews(db.kysely);
				if (users.length === 0) console.log('No users yet.');
				for (const u of users)
					console.log(`${u.email.padEnd(36)} ${u.role.padEnd(8)} ${u.status.padEnd(9)} last log-in ${u.lastLoginAt ?? 'never'}`);
				return 0;
			}
		}
		throw new Usage(USAGE);
	} finally {
		await db.close();
	}
}

main(process.argv.slice(2)).then(
	(code) => process.exit(code),
	(e) => {
		if (e instanceof Refused) {
			console.error(`Refused: ${e.message}.`);
			process.exit(1);
		}
		console.error(e instanceof Usage ? e.message : `user failed: ${e instanceof Error ? e.message : String(e)}`);
		process.exit(2);
	}
);
