/**
 * Chart texts (English), merged into the English catalog. The chart builders take them through
 * their `labels` inputs; `{name}` placeholders in summaries are filled by the builders with
 * formatted figures. Lists (month and day names) are comma-separated: callers `split(',')`.
 */
export const chartsEn = {
	'chart.showData': 'Show data',

	// Series, axes and table heads shared by several charts
	'chart.sessions': 'Sessions',
	'chart.sessionsHeld': 'Sessions held',
	'chart.participants': 'Participants',
	'chart.target': 'Target',
	'chart.sessionsHeldTargeted': 'Sessions held (activities with a target)',
	'chart.participantsTargeted': 'Participants (activities with a target)',
	'chart.allActivities': 'All activities',
	'chart.periodTarget': "The period's share of the target",
	'chart.pace': 'Expected pace',
	'chart.projection': 'Projection',
	'chart.quarter': 'Quarter',
	'chart.quarters': 'Q1,Q2,Q3,Q4',
	'chart.quarterShare': 'Quarterly share of target',
	'chart.percentOfShare': '% of quarterly share',
	'chart.percentOfTarget': '% of target',
	'chart.date': 'Date',
	'chart.onDay': 'On the day',
	'chart.cumulative': 'Running total',
	'chart.total': 'Total',
	'chart.activityCode': 'No.',
	'chart.activity': 'Activity',
	'chart.audienceGroup': 'Audience group',
	'chart.women': 'Women',
	'chart.men': 'Men',
	'chart.unknown': 'Unknown',
	'chart.withDisabilities': 'With disabilities',
	'chart.region': 'Region',
	'chart.regionsMap.baku': 'Baku',
	'chart.inPerson': 'In person',
	'chart.online': 'Online',
	'chart.monthsShort': 'Jan,Feb,Mar,Apr,May,Jun,Jul,Aug,Sep,Oct,Nov,Dec',
	'chart.daysShort': 'Mon,Tue,Wed,Thu,Fri,Sat,Sun',

	// Text alternatives (one or two sentences read instead of the chart)
	'chart.sessionsVsTarget.summary':
		'{held, plural, one {# session} other {# sessions}} held in {activities, plural, one {# activity} other {# activities}}; those with a target reached {pct}% of their combined target of {target}, and {achieved} met it in full.',
	'chart.sessionsVsTarget.summaryNoTarget':
		'{held, plural, one {# session} other {# sessions}} held in {activities, plural, one {# activity} other {# activities}}.',
	'chart.burnup.sessions.summary':
		'{actual, plural, one {# session} other {# sessions}} held by {date} in the activities with a sessions target, {pct}% of their target of {target}; projected {projected} by year end.',
	'chart.burnup.sessions.summaryNoTarget':
		'{actual, plural, one {# session} other {# sessions}} held by {date}; projected {projected} by year end.',
	'chart.burnup.participants.summary':
		'{actual, plural, one {# participant} other {# participants}} reached by {date} in the activities with a participants target, {pct}% of their target of {target}; projected {projected} by year end.',
	'chart.burnup.participants.summaryNoTarget':
		'{actual, plural, one {# participant} other {# participants}} reached by {date}; projected {projected} by year end.',
	'chart.burnup.sessions.summaryFinal':
		'Final figure: {actual, plural, one {# session} other {# sessions}} held by {date} in the activities with a sessions target, {pct}% of their target of {target}.',
	'chart.burnup.sessions.summaryFinalNoTarget': 'Final figure: {actual, plural, one {# session} other {# sessions}} held by {date}.',
	'chart.burnup.participants.summaryFinal':
		'Final figure: {actual, plural, one {# participant} other {# participants}} reached by {date} in the activities with a participants target, {pct}% of their target of {target}.',
	'chart.burnup.participants.summaryFinalNoTarget':
		'Final figure: {actual, plural, one {# participant} other {# participants}} reached by {date}.',
	'chart.quarterly.sessions.summary':
		"Sessions by quarter in the activities with a sessions target: {list} ({total} in all); each quarter's share of their target is {share}.",
	'chart.quarterly.sessions.summaryNoTarget': 'Sessions by quarter: {list} ({total} in all).',
	'chart.quarterly.participants.summary':
		"Participants by quarter in the activities with a participants target: {list} ({total} in all); each quarter's share of their target is {share}.",
	'chart.quarterly.participants.summaryNoTarget': 'Participants by quarter: {list} ({total} in all).',
	'chart.audiences.summary':
		'{total, plural, one {# participant} other {# participants}} in {groups, plural, one {# audience group} other {# audience groups}}; the largest was {top} with {topValue} ({topPct}%).',
	'chart.outsideTarget': '{outside} more in activities without a target.',
	'chart.achieved': 'Target reached',
	'chart.audiences.reported':
		'The sessions report {reported, plural, one {# participant} other {# participants}} in all: a session may give its total without a full breakdown by audience, so the audience rows add up to {total}.',
	'chart.audiences.summaryEmpty': 'No participants are recorded by audience group.',
	'chart.gender.summary':
		'Of {total, plural, one {# participant} other {# participants}}, {women} were women ({womenPct}%), {men} men ({menPct}%) and {unknown} unknown ({unknownPct}%).',
	'chart.regionsMap.summary':
		'Sessions reached {regions, plural, one {# region} other {# regions}}, {inPersonRegions} in person and {onlineRegions} online; the most were in {top} ({topTotal}).',
	'chart.regionsRanked.summary': 'Most sessions were in {list}; {shown} of {regions, plural, one {# region} other {# regions}} shown.',
	'chart.regions.summaryEmpty': 'No region took part.',
	'chart.calendar.summary':
		'{sessions, plural, one {# session} other {# sessions}} on {days, plural, one {# day} other {# days}}; the busiest day was {busiest} with {max, plural, one {# session} other {# sessions}}.',
	'chart.calendar.summaryEmpty': 'No sessions were held this year.'
} as const;
