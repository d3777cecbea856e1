// Major international organisations, their institutions and agencies, with the acronyms and short
// names news copy uses for them.
//
// Source: Wikipedia, "List of intergovernmental organizations" and the articles of the organisations
// listed (https://en.wikipedia.org/wiki/List_of_intergovernmental_organizations), plus "United Nations
// System" (https://en.wikipedia.org/wiki/United_Nations_System) and "Institutions of the European
// Union" (https://en.wikipedia.org/wiki/Institutions_of_the_European_Union). `name` is the title of the
// organisation's English Wikipedia article, which is also its canonical name here.

export interface OrganizationEntry {
  name: string;
  /** Other names: full forms, acronyms, short forms. Acronyms match case-sensitively. */
  aliases: string[];
}

export const ORGANIZATIONS: OrganizationEntry[] = [
  // United Nations, its principal organs, programmes and specialised agencies
  { name: 'United Nations', aliases: ['UN', 'U.N.', 'United Nations Organization'] },
  {
    name: 'United Nations Security Council',
    aliases: ['UN Security Council', 'U.N. Security Council', 'UNSC', 'Security Council'],
  },
  { name: 'United Nations General Assembly', aliases: ['UN General Assembly', 'U.N. General Assembly', 'UNGA'] },
  { name: 'United Nations Secretariat', aliases: ['UN Secretariat'] },
  { name: 'United Nations Economic and Social Council', aliases: ['ECOSOC', 'UN Economic and Social Council'] },
  { name: 'International Court of Justice', aliases: ['ICJ', 'World Court'] },
  { name: 'United Nations Human Rights Council', aliases: ['UN Human Rights Council', 'UNHRC'] },
  {
    name: 'Office of the United Nations High Commissioner for Human Rights',
    aliases: ['OHCHR', 'UN Human Rights Office', 'UN human rights office'],
  },
  {
    name: 'United Nations High Commissioner for Refugees',
    aliases: ['UNHCR', 'UN Refugee Agency', 'UN refugee agency', 'Office of the UN High Commissioner for Refugees'],
  },
  { name: 'UNICEF', aliases: ["United Nations Children's Fund", "UN Children's Fund"] },
  {
    name: 'UNESCO',
    aliases: ['United Nations Educational, Scientific and Cultural Organization', 'UN cultural agency'],
  },
  { name: 'World Health Organization', aliases: ['WHO', 'World Health Organisation'] },
  { name: 'World Food Programme', aliases: ['WFP', 'World Food Program', 'UN World Food Programme'] },
  { name: 'Food and Agriculture Organization', aliases: ['FAO', 'UN Food and Agriculture Organization'] },
  { name: 'International Labour Organization', aliases: ['ILO', 'International Labor Organization'] },
  { name: 'International Atomic Energy Agency', aliases: ['IAEA', 'UN nuclear watchdog'] },
  { name: 'United Nations Development Programme', aliases: ['UNDP', 'UN Development Programme'] },
  { name: 'United Nations Environment Programme', aliases: ['UNEP', 'UN Environment Programme'] },
  { name: 'United Nations Population Fund', aliases: ['UNFPA'] },
  {
    name: 'United Nations Relief and Works Agency for Palestine Refugees in the Near East',
    aliases: ['UNRWA', 'UN Relief and Works Agency'],
  },
  {
    name: 'United Nations Office for the Coordination of Humanitarian Affairs',
    aliases: ['OCHA', 'UN Office for the Coordination of Humanitarian Affairs'],
  },
  { name: 'United Nations Peacekeeping', aliases: ['UN Peacekeeping', 'UN peacekeeping'] },
  { name: 'International Organization for Migration', aliases: ['IOM'] },
  { name: 'International Telecommunication Union', aliases: ['ITU'] },
  { name: 'Universal Postal Union', aliases: ['UPU'] },
  { name: 'World Meteorological Organization', aliases: ['WMO'] },
  { name: 'World Intellectual Property Organization', aliases: ['WIPO'] },
  { name: 'International Civil Aviation Organization', aliases: ['ICAO'] },
  { name: 'International Maritime Organization', aliases: ['IMO'] },
  { name: 'United Nations Conference on Trade and Development', aliases: ['UNCTAD'] },
  { name: 'United Nations Framework Convention on Climate Change', aliases: ['UNFCCC'] },
  { name: 'Intergovernmental Panel on Climate Change', aliases: ['IPCC'] },
  // Bretton Woods institutions and trade
  { name: 'International Monetary Fund', aliases: ['IMF'] },
  {
    name: 'World Bank',
    aliases: ['World Bank Group', 'International Bank for Reconstruction and Development', 'IBRD'],
  },
  { name: 'World Trade Organization', aliases: ['WTO', 'World Trade Organisation'] },
  { name: 'Organisation for Economic Co-operation and Development', aliases: ['OECD'] },
  { name: 'Bank for International Settlements', aliases: ['BIS'] },
  { name: 'OPEC', aliases: ['Organization of the Petroleum Exporting Countries'] },
  { name: 'Asian Development Bank', aliases: ['ADB'] },
  { name: 'African Development Bank', aliases: ['AfDB'] },
  { name: 'European Bank for Reconstruction and Development', aliases: ['EBRD'] },
  { name: 'European Investment Bank', aliases: ['EIB'] },
  { name: 'Asian Infrastructure Investment Bank', aliases: ['AIIB'] },
  { name: 'New Development Bank', aliases: ['BRICS Bank'] },
  // Europe
  { name: 'European Union', aliases: ['EU', 'E.U.'] },
  { name: 'European Commission', aliases: ['EC', 'EU Commission'] },
  { name: 'European Parliament', aliases: ['EU Parliament'] },
  { name: 'European Council', aliases: [] },
  { name: 'Council of the European Union', aliases: ['Council of the EU', 'EU Council'] },
  { name: 'European Central Bank', aliases: ['ECB'] },
  { name: 'Court of Justice of the European Union', aliases: ['CJEU', 'European Court of Justice', 'ECJ'] },
  { name: 'European External Action Service', aliases: ['EEAS'] },
  { name: 'Frontex', aliases: ['European Border and Coast Guard Agency'] },
  { name: 'Europol', aliases: ['European Union Agency for Law Enforcement Cooperation'] },
  { name: 'Eurostat', aliases: [] },
  { name: 'Council of Europe', aliases: ['CoE'] },
  { name: 'European Court of Human Rights', aliases: ['ECHR', 'ECtHR'] },
  { name: 'Organization for Security and Co-operation in Europe', aliases: ['OSCE'] },
  { name: 'European Free Trade Association', aliases: ['EFTA'] },
  { name: 'Eurasian Economic Union', aliases: ['EAEU', 'EEU'] },
  // Security alliances
  { name: 'NATO', aliases: ['North Atlantic Treaty Organization', 'North Atlantic Treaty Organisation', 'N.A.T.O.'] },
  { name: 'Collective Security Treaty Organization', aliases: ['CSTO'] },
  { name: 'Shanghai Cooperation Organisation', aliases: ['SCO', 'Shanghai Cooperation Organization'] },
  // Regional organisations
  { name: 'African Union', aliases: ['AU'] },
  { name: 'Economic Community of West African States', aliases: ['ECOWAS'] },
  { name: 'Southern African Development Community', aliases: ['SADC'] },
  { name: 'East African Community', aliases: ['EAC'] },
  { name: 'Intergovernmental Authority on Development', aliases: ['IGAD'] },
  { name: 'ASEAN', aliases: ['Association of Southeast Asian Nations', 'Association of South East Asian Nations'] },
  { name: 'Asia-Pacific Economic Cooperation', aliases: ['APEC'] },
  { name: 'South Asian Association for Regional Cooperation', aliases: ['SAARC'] },
  { name: 'Arab League', aliases: ['League of Arab States'] },
  { name: 'Gulf Cooperation Council', aliases: ['GCC', 'Cooperation Council for the Arab States of the Gulf'] },
  { name: 'Organisation of Islamic Cooperation', aliases: ['OIC', 'Organization of Islamic Cooperation'] },
  { name: 'Organization of American States', aliases: ['OAS'] },
  { name: 'Mercosur', aliases: ['Mercosul', 'Southern Common Market'] },
  { name: 'Caribbean Community', aliases: ['CARICOM'] },
  { name: 'Pacific Islands Forum', aliases: [] },
  { name: 'Commonwealth of Nations', aliases: ['Commonwealth'] },
  { name: 'Commonwealth of Independent States', aliases: ['CIS'] },
  { name: 'Organisation internationale de la Francophonie', aliases: ['Francophonie'] },
  // Groups and forums
  { name: 'G7', aliases: ['Group of Seven', 'G-7'] },
  { name: 'G20', aliases: ['Group of Twenty', 'G-20'] },
  { name: 'BRICS', aliases: [] },
  { name: 'Non-Aligned Movement', aliases: ['NAM'] },
  { name: 'World Economic Forum', aliases: ['WEF'] },
  // Courts, law enforcement and other bodies
  { name: 'International Criminal Court', aliases: ['ICC'] },
  { name: 'Permanent Court of Arbitration', aliases: ['PCA'] },
  { name: 'Interpol', aliases: ['International Criminal Police Organization', 'INTERPOL'] },
  { name: 'Organisation for the Prohibition of Chemical Weapons', aliases: ['OPCW'] },
  { name: 'Comprehensive Nuclear-Test-Ban Treaty Organization', aliases: ['CTBTO'] },
  { name: 'International Energy Agency', aliases: ['IEA'] },
  { name: 'International Committee of the Red Cross', aliases: ['ICRC'] },
  {
    name: 'International Federation of Red Cross and Red Crescent Societies',
    aliases: ['IFRC'],
  },
  { name: 'International Olympic Committee', aliases: ['IOC'] },
  { name: 'FIFA', aliases: ['Fédération Internationale de Football Association'] },
  { name: 'UEFA', aliases: ['Union of European Football Associations'] },
];
