/** Texts of the column mapping (headers the registers do not know), merged into the English catalog. Keys are prefixed 'mapping.'. */
export const mappingEn = {
	'mapping.title': 'Which column is which in {file}?',
	'mapping.intro':
		'Some headers of this file are not columns the app knows, so it cannot tell what the file holds. Choose the column each header holds: the best guess is chosen already. Then check again. The choice is remembered, so a file with the same headers is read this way next time.',
	'mapping.kind': 'Kind of file',
	'mapping.kindChoose': 'Choose the kind…',
	'mapping.header': 'Header in the file',
	'mapping.column': 'Column it holds',
	'mapping.ignore': 'Ignore this column',
	'mapping.ignored': 'ignored',
	'mapping.required': 'required',
	'mapping.known': 'Recognised already: {list}',
	'mapping.noUnknown': 'Every header of this file is a column of this kind already.',
	'mapping.missing': 'Still missing required columns: {list}',
	'mapping.apply': 'Use these columns and check again',
	'mapping.applied': 'The columns are matched and remembered; the upload was checked again.',
	'mapping.remembered': '{file} was read with a remembered column mapping: {list}.',
	'mapping.rememberedNone': '{file} was read with a remembered column mapping.',
	'mapping.forget': 'Forget this mapping',
	'mapping.forgotten': 'The mapping was forgotten; the upload was checked again.',
	'mapping.problem.notFound': 'That file is no longer in this upload, or its headers need no mapping now.',
	'mapping.problem.badChoice': 'Choose the kind of file and, for each header, a column of that kind or “ignore”.',
	'mapping.problem.missing': 'Required columns are still missing: {other}. Choose the header that holds each.',
	'mapping.problem.twice': 'Two headers are matched to the same column: {other}.',
	'mapping.help.headers':
		'Headers may be written in Azerbaijani too (Sessiya ID, Plan kodu, Tədbir kodu, Tarix, …: each column’s accepted headers are listed below), with or without the Azerbaijani letters (Tedbir kodu = Tədbir kodu).',
	'mapping.help.mapping':
		'When the headers still leave the kind of a file or a required column unknown, the preview asks which column each unknown header holds, with the best guess chosen, and remembers the answer for files with the same headers. On the command line: --map "Tədbir kodu=activity_code".',
	'mapping.help.also': 'Also:'
} as const;
