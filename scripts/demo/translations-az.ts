/** Azerbaijani texts of the demo plan, keyed by the English text the generator writes (data/demo/*-activities.csv: the *_az columns). */
export const AZ: Readonly<Record<string, string>> = {
	// plan title (it carries the plan year: one entry per year from 2020 to 2030)
	'2020 Action Plan to Increase the Effectiveness of Protection and Promotion of Human Rights and Freedoms':
		'İnsan hüquq və azadlıqlarının müdafiəsi və təşviqinin səmərəliliyinin artırılmasına dair 2020-ci il Fəaliyyət Planı',
	'2021 Action Plan to Increase the Effectiveness of Protection and Promotion of Human Rights and Freedoms':
		'İnsan hüquq və azadlıqlarının müdafiəsi və təşviqinin səmərəliliyinin artırılmasına dair 2021-ci il Fəaliyyət Planı',
	'2022 Action Plan to Increase the Effectiveness of Protection and Promotion of Human Rights and Freedoms':
		'İnsan hüquq və azadlıqlarının müdafiəsi və təşviqinin səmərəliliyinin artırılmasına dair 2022-ci il Fəaliyyət Planı',
	'2023 Action Plan to Increase the Effectiveness of Protection and Promotion of Human Rights and Freedoms':
		'İnsan hüquq və azadlıqlarının müdafiəsi və təşviqinin səmərəliliyinin artırılmasına dair 2023-cü il Fəaliyyət Planı',
	'2024 Action Plan to Increase the Effectiveness of Protection and Promotion of Human Rights and Freedoms':
		'İnsan hüquq və azadlıqlarının müdafiəsi və təşviqinin səmərəliliyinin artırılmasına dair 2024-cü il Fəaliyyət Planı',
	'2025 Action Plan to Increase the Effectiveness of Protection and Promotion of Human Rights and Freedoms':
		'İnsan hüquq və azadlıqlarının müdafiəsi və təşviqinin səmərəliliyinin artırılmasına dair 2025-ci il Fəaliyyət Planı',
	'2026 Action Plan to Increase the Effectiveness of Protection and Promotion of Human Rights and Freedoms':
		'İnsan hüquq və azadlıqlarının müdafiəsi və təşviqinin səmərəliliyinin artırılmasına dair 2026-cı il Fəaliyyət Planı',
	'2027 Action Plan to Increase the Effectiveness of Protection and Promotion of Human Rights and Freedoms':
		'İnsan hüquq və azadlıqlarının müdafiəsi və təşviqinin səmərəliliyinin artırılmasına dair 2027-ci il Fəaliyyət Planı',
	'2028 Action Plan to Increase the Effectiveness of Protection and Promotion of Human Rights and Freedoms':
		'İnsan hüquq və azadlıqlarının müdafiəsi və təşviqinin səmərəliliyinin artırılmasına dair 2028-ci il Fəaliyyət Planı',
	'2029 Action Plan to Increase the Effectiveness of Protection and Promotion of Human Rights and Freedoms':
		'İnsan hüquq və azadlıqlarının müdafiəsi və təşviqinin səmərəliliyinin artırılmasına dair 2029-cu il Fəaliyyət Planı',
	'2030 Action Plan to Increase the Effectiveness of Protection and Promotion of Human Rights and Freedoms':
		'İnsan hüquq və azadlıqlarının müdafiəsi və təşviqinin səmərəliliyinin artırılmasına dair 2030-cu il Fəaliyyət Planı',
	// themes
	"Children's rights": 'Uşaq hüquqları',
	'Rights of persons with disabilities': 'Əlilliyi olan şəxslərin hüquqları',
	'Prevention of torture (National Preventive Mechanism)': 'İşgəncələrin qarşısının alınması (Milli Preventiv Mexanizm)',
	'Gender equality and domestic violence': 'Gender bərabərliyi və məişət zorakılığı',
	'Rights of older persons': 'Yaşlı şəxslərin hüquqları',
	'Freedom of information': 'İnformasiya azadlığı',
	'Rights of refugees and IDPs': 'Qaçqınların və məcburi köçkünlərin hüquqları',
	'Labour rights': 'Əmək hüquqları',
	'Human rights education': 'İnsan hüquqları üzrə təhsil',
	// units
	'Child Rights Protection Unit': 'Uşaq hüquqlarının müdafiəsi şöbəsi',
	'Unit for the Rights of Persons with Disabilities': 'Əlilliyi olan şəxslərin hüquqları şöbəsi',
	'National Preventive Group': 'Milli Preventiv Qrup',
	'Unit for Gender Equality and Prevention of Domestic Violence': 'Gender bərabərliyi və məişət zorakılığının qarşısının alınması şöbəsi',
	'Economic and Social Rights Unit': 'İqtisadi və sosial hüquqlar şöbəsi',
	'Freedom of Information Unit': 'İnformasiya azadlığı şöbəsi',
	'Unit for the Rights of Refugees and IDPs': 'Qaçqınların və məcburi köçkünlərin hüquqları şöbəsi',
	'Regional Centres Department': 'Regional mərkəzlər şöbəsi',
	// activity titles
	'Training sessions for police officers on the rights of the child in contact with the law':
		'Polis əməkdaşları üçün qanunla təmasda olan uşaqların hüquqları mövzusunda təlimlər',
	"Awareness sessions in general education schools on children's rights and the Ombudsman's child helpline":
		'Ümumtəhsil məktəblərində uşaq hüquqları və Ombudsmanın uşaqlar üçün qaynar xətti mövzusunda maarifləndirmə məşğələləri',
	"Seminars for commissions on minors' affairs and protection of their rights on prevention of child neglect":
		'Yetkinlik yaşına çatmayanların işləri və hüquqlarının müdafiəsi üzrə komissiyalar üçün uşaq baxımsızlığının qarşısının alınması mövzusunda seminarlar',
	'Round tables with parents and teachers on prevention of bullying and violence against children':
		'Valideynlər və müəllimlərlə bulinqin və uşaqlara qarşı zorakılığın qarşısının alınması mövzusunda dəyirmi masalar',
	'Trainings for staff of child care institutions on the right of the child to grow up in a family environment':
		'Uşaq müəssisələrinin əməkdaşları üçün uşağın ailə mühitində böyümək hüququ mövzusunda təlimlər',
	'Awareness-raising meetings on the UN Convention on the Rights of Persons with Disabilities':
		'BMT-nin Əlilliyi olan şəxslərin hüquqları haqqında Konvensiyası mövzusunda maarifləndirmə görüşləri',
	'Trainings for medical and social expertise commission staff on the rights of persons with disabilities':
		'Tibbi-sosial ekspert komissiyalarının əməkdaşları üçün əlilliyi olan şəxslərin hüquqları mövzusunda təlimlər',
	'Seminars on inclusive education for teachers of general education schools':
		'Ümumtəhsil məktəblərinin müəllimləri üçün inklüziv təhsil mövzusunda seminarlar',
	'Meetings on accessibility of public buildings and transport for persons with disabilities':
		'İctimai binaların və nəqliyyatın əlilliyi olan şəxslər üçün əlçatanlığı mövzusunda görüşlər',
	'Training sessions for police officers on the prohibition of torture and ill-treatment in places of detention':
		'Polis əməkdaşları üçün azadlıqdan məhrumetmə yerlərində işgəncə və pis rəftarın qadağan edilməsi mövzusunda təlimlər',
	'Seminars for penitentiary staff on the UN Standard Minimum Rules for the Treatment of Prisoners (Nelson Mandela Rules)':
		'Penitensiar xidmət əməkdaşları üçün BMT-nin Məhbuslarla rəftara dair Minimum Standart Qaydaları (Nelson Mandela Qaydaları) mövzusunda seminarlar',
	'Trainings for military personnel on the rights of servicemen and prevention of ill-treatment in military units':
		'Hərbi qulluqçular üçün onların hüquqları və hərbi hissələrdə pis rəftarın qarşısının alınması mövzusunda təlimlər',
	'Workshops for medical staff of places of detention on documenting injuries under the Istanbul Protocol':
		'Azadlıqdan məhrumetmə yerlərinin tibb işçiləri üçün İstanbul Protokoluna uyğun olaraq xəsarətlərin sənədləşdirilməsi mövzusunda praktiki seminarlar',
	'Round tables with lawyers and civil society on safeguards against torture in the first hours of detention':
		'Vəkillər və vətəndaş cəmiyyəti nümayəndələri ilə saxlanmanın ilk saatlarında işgəncəyə qarşı hüquqi təminatlar mövzusunda dəyirmi masalar',
	'Trainings for police officers and local officials on the Law on Prevention of Domestic Violence':
		'Polis əməkdaşları və yerli vəzifəli şəxslər üçün "Məişət zorakılığının qarşısının alınması haqqında" Qanun mövzusunda təlimlər',
	'Awareness meetings with women in rural communities on protection against domestic violence':
		'Kənd icmalarında qadınlarla məişət zorakılığından müdafiə mövzusunda maarifləndirmə görüşləri',
	'Seminars for judges and court staff on gender-sensitive handling of domestic violence cases':
		'Hakimlər və məhkəmə aparatının əməkdaşları üçün məişət zorakılığı işlərinə gender həssaslığı ilə baxılması mövzusunda seminarlar',
	'Discussions with students on gender equality and prevention of early marriages':
		'Tələbələrlə gender bərabərliyi və erkən nikahların qarşısının alınması mövzusunda müzakirələr',
	'Meetings with older persons on social security rights and access to pensions':
		'Yaşlı şəxslərlə sosial təminat hüquqları və pensiya təminatı imkanları mövzusunda görüşlər',
	'Trainings for social workers providing home care on the rights of older persons':
		'Evdə sosial xidmət göstərən sosial işçilər üçün yaşlı şəxslərin hüquqları mövzusunda təlimlər',
	'Awareness sessions in residential care homes for older persons':
		'Yaşlı şəxslər üçün stasionar sosial xidmət müəssisələrində maarifləndirmə məşğələləri',
	'Round tables with healthcare workers on the rights of older patients':
		'Tibb işçiləri ilə yaşlı pasiyentlərin hüquqları mövzusunda dəyirmi masalar',
	'Trainings for information officers of public bodies on the Law on Access to Information':
		'Dövlət orqanlarının informasiya üzrə vəzifəli şəxsləri üçün "İnformasiya əldə etmək haqqında" Qanun mövzusunda təlimlər',
	'Seminars for journalists on the right of access to information and protection of personal data':
		'Jurnalistlər üçün informasiya əldə etmək hüququ və fərdi məlumatların qorunması mövzusunda seminarlar',
	'Awareness sessions for students on access to information and personal data protection':
		'Tələbələr üçün informasiya əldə etmək və fərdi məlumatların qorunması mövzusunda maarifləndirmə məşğələləri',
	'Meetings with local executive authorities on proactive publication of public information':
		'Yerli icra hakimiyyətləri ilə ictimai informasiyanın proaktiv açıqlanması mövzusunda görüşlər',
	'Legal awareness meetings with internally displaced persons on housing and social rights':
		'Məcburi köçkünlərlə mənzil və sosial hüquqlar mövzusunda hüquqi maarifləndirmə görüşləri',
	'Information sessions for former IDPs returning to the liberated territories on their rights':
		'İşğaldan azad olunmuş ərazilərə qayıdan keçmiş məcburi köçkünlər üçün onların hüquqları mövzusunda məlumatlandırma tədbirləri',
	'Trainings for migration and local officials on the rights of refugees and asylum seekers':
		'Miqrasiya orqanlarının əməkdaşları və yerli vəzifəli şəxslər üçün qaçqınların və sığınacaq axtaran şəxslərin hüquqları mövzusunda təlimlər',
	'Sessions for IDP children and their parents on the right to education':
		'Məcburi köçkün uşaqlar və onların valideynləri üçün təhsil hüququ mövzusunda məşğələlər',
	'Seminars for employers and employees on the Labour Code and protection of labour rights':
		'İşəgötürənlər və işçilər üçün Əmək Məcəlləsi və əmək hüquqlarının müdafiəsi mövzusunda seminarlar',
	'Awareness sessions for students and young jobseekers on labour rights':
		'Tələbələr və iş axtaran gənclər üçün əmək hüquqları mövzusunda maarifləndirmə məşğələləri',
	'Trainings for labour inspectors and local officials on occupational safety and labour rights':
		'Əmək müfəttişləri və yerli vəzifəli şəxslər üçün əməyin mühafizəsi və əmək hüquqları mövzusunda təlimlər',
	'Meetings with workers with disabilities on the right to employment and reasonable accommodation':
		'Əlilliyi olan işçilərlə məşğulluq hüququ və ağlabatan uyğunlaşdırma mövzusunda görüşlər',
	'Human rights lessons in universities and colleges during Human Rights Week':
		'İnsan Hüquqları Həftəsi çərçivəsində universitetlərdə və kolleclərdə insan hüquqları dərsləri',
	'Trainings for civil society organisations on cooperation with the Ombudsman and submission of complaints':
		'Vətəndaş cəmiyyəti təşkilatları üçün Ombudsmanla əməkdaşlıq və şikayətlərin təqdim edilməsi mövzusunda təlimlər',
	"Awareness meetings with the population in the regions by the Ombudsman's regional centres":
		'Ombudsmanın regional mərkəzləri tərəfindən regionlarda əhali ilə maarifləndirmə görüşləri',
	'Training of trainers for teachers of general education schools on human rights education':
		'Ümumtəhsil məktəblərinin müəllimləri üçün insan hüquqları üzrə təhsil mövzusunda təlimçilərin təlimi',
	'Seminars for lawyers on the individual complaint procedure and international human rights mechanisms':
		'Vəkillər üçün fərdi şikayət proseduru və beynəlxalq insan hüquqları mexanizmləri mövzusunda seminarlar'
};
