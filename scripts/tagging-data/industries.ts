// The businesses the generated posts speak for: one line of facts per industry, written by hand.
// `products` are what a marketer would tag (noun phrases), `topics` the industry's own tags.

export interface Industry {
  key: string;
  names: string[];
  products: string[];
  topics: string[];
  places: string[];
  role: string;
  junior: string;
  workplace: string;
  customers: string;
  handle: string;
}

const industry = (
  key: string,
  names: string,
  products: string,
  topics: string,
  places: string,
  role: string,
  junior: string,
  workplace: string,
  customers: string,
  handle: string,
): Industry => ({
  key,
  names: names.split('|'),
  products: products.split('|'),
  topics: topics.split('|'),
  places: places.split('|'),
  role,
  junior,
  workplace,
  customers,
  handle,
});

export const industries: Industry[] = [
  industry('bakery', 'Crumb & Co|Rise Bakehouse|Little Loaf', 'sourdough loaf|cardamom bun|rye bread|almond croissant|focaccia|seeded batch', 'bakery|sourdough|baking', 'Hackney|Leith|Bristol', 'baker', 'apprentice baker', 'bakehouse', 'regulars', '@crumbandco'),
  industry('cafe', 'Northbound Coffee|The Daily Grind|Kettle & Cup', 'oat flat white|cold brew|filter coffee|matcha latte|banana bread|breakfast bap', 'coffee|specialty_coffee|cafe', 'Shoreditch|Didsbury|Cardiff', 'barista', 'trainee barista', 'coffee bar', 'coffee lovers', '@northboundcoffee'),
  industry('restaurant', 'Osteria Lupa|Saffron Table|The Old Fire Station', 'tasting menu|slow-cooked lamb|wild mushroom risotto|sunday roast|tiramisu|small plates', 'restaurant|food|dining', 'Edinburgh|Brighton|Leeds', 'sous chef', 'commis chef', 'kitchen', 'diners', '@osterialupa'),
  industry('gym', 'Ironworks Gym|Forge Fitness|Peak Strength Club', 'strength programme|kettlebell class|personal training|HIIT circuit|open gym membership|mobility session', 'fitness|gym|strength_training', 'Salford|Croydon|Glasgow', 'personal trainer', 'junior coach', 'gym floor', 'members', '@ironworksgym'),
  industry('yoga', 'Lumen Yoga Studio|Still Point Yoga|Flow House', 'sunrise flow|yin yoga class|prenatal yoga|reformer pilates|breathwork session|yoga retreat', 'yoga|wellbeing|pilates', 'Leeds|Bath|York', 'yoga teacher', 'studio assistant', 'studio', 'students', '@lumenyoga'),
  industry('salon', 'Mane Street Salon|Studio Gloss|The Cutting Room', 'balayage|keratin treatment|bridal hair|skin fade|scalp treatment|colour refresh', 'hair|salon|haircare', 'Camden|Clifton|Harrogate', 'senior stylist', 'salon junior', 'salon', 'clients', '@manestreetsalon'),
  industry('dental', 'Riverside Dental|Bright Smile Clinic|Parkview Dentistry', 'teeth whitening|clear aligners|dental implants|hygienist appointment|check-up|emergency appointment', 'dentist|dental_care|smile', 'Reading|Kingston|Norwich', 'dental nurse', 'trainee dental nurse', 'practice', 'patients', '@riversidedental'),
  industry('saas', 'Ledgerly|Tidy Invoices|Shiftwise', 'invoicing dashboard|expense tracking|payroll integration|mobile app|shared workspaces|reporting module', 'software|saas|small_business', 'London|Manchester|remote', 'backend engineer', 'graduate developer', 'office', 'customers', '@ledgerlyhq'),
  industry('bookshop', 'Chapter & Verse|The Reading Nook|Paper Lantern Books', 'signed first edition|book subscription|crime fiction|picture books|poetry collection|book club pick', 'books|bookshop|reading', 'Hay-on-Wye|Stockbridge|Falmouth', 'bookseller', 'Saturday bookseller', 'shop floor', 'readers', '@chapterandverse'),
  industry('florist', 'Wild Stem Florist|Petal & Pine|Bloom Room', 'bridal bouquet|seasonal posy|dried flower wreath|peony bunch|flower subscription|funeral tribute', 'flowers|florist|floristry', 'Islington|Cheltenham|Durham', 'florist', 'florist apprentice', 'workshop', 'customers', '@wildstem'),
  industry('plumbing', 'Flow Right Plumbing|Hughes Heating|ClearPipe Services', 'boiler service|combi boiler installation|leak repair|bathroom fitting|power flush|heat pump', 'plumbing|heating|home_repair', 'Swindon|Wolverhampton|Exeter', 'gas engineer', 'plumbing apprentice', 'van', 'homeowners', '@flowrightplumbing'),
  industry('realestate', 'Keystone Estates|Harbour Lettings|Oakwood Homes', 'three-bed semi|riverside apartment|free valuation|rental listing|new-build home|mortgage advice', 'property|real_estate|homes', 'Southampton|Chester|Nottingham', 'lettings negotiator', 'trainee negotiator', 'branch', 'buyers', '@keystoneestates'),
  industry('law', 'Whitfield Legal|Carter & Lowe Solicitors|Beacon Law', 'will writing|conveyancing|employment advice|family mediation|lasting power of attorney|contract review', 'legal|law|solicitors', 'Birmingham|Leicester|Belfast', 'paralegal', 'legal apprentice', 'office', 'clients', '@whitfieldlegal'),
  industry('vet', 'Paws Veterinary|Meadow Vets|Fur & Feather Clinic', 'puppy vaccinations|dental check|neutering|pet health plan|flea treatment|senior pet clinic', 'pets|vets|animal_health', 'Guildford|Shrewsbury|Ipswich', 'veterinary nurse', 'student vet nurse', 'clinic', 'pet owners', '@pawsvets'),
  industry('brewery', 'Hop Foundry|Tidewater Brewing|Old Mill Ales', 'hazy IPA|oatmeal stout|session pale|taproom tour|mixed case|sour ale', 'craft_beer|brewery|beer', 'Bermondsey|Kendal|Penzance', 'brewer', 'assistant brewer', 'brewhouse', 'beer fans', '@hopfoundry'),
  industry('boutique', 'Thread & Co|Marlow Boutique|Second Season', 'linen dress|denim jacket|wool coat|vintage blazer|silk scarf|knitwear', 'fashion|boutique|style', 'Brighton|Hove|Whitstable', 'stylist', 'retail assistant', 'shop', 'shoppers', '@threadandco'),
  industry('skincare', 'Glow Apothecary|Fern Skin|Pure Ritual', 'overnight repair serum|vitamin C serum|cleansing balm|SPF moisturiser|lip oil|facial', 'skincare|beauty|selfcare', 'Bath|Harrogate|Richmond', 'formulator', 'skincare assistant', 'lab', 'skincare fans', '@glowapothecary'),
  industry('tutoring', 'Bright Minds Tutoring|Northside Learning|Top Mark Tutors', 'GCSE maths|A-level chemistry|11 plus preparation|reading club|revision course|online tutoring', 'education|tutoring|exams', 'Bromley|Solihull|Sheffield', 'maths tutor', 'tutor assistant', 'learning centre', 'parents', '@brightmindstutors'),
  industry('photography', 'Golden Hour Studio|Frame & Field|Lens Lane Photography', 'wedding photography|family portraits|headshot session|product photography|newborn shoot|engagement shoot', 'photography|photographer|portraits', 'Oxford|Canterbury|Lancaster', 'second shooter', 'photography assistant', 'studio', 'couples', '@goldenhourstudio'),
  industry('garage', 'Marsh Lane Motors|Torque Auto Care|Valley MOT Centre', 'MOT test|full service|tyre fitting|brake check|air con regas|EV servicing', 'car_care|mot|garage', 'Doncaster|Luton|Stoke', 'vehicle technician', 'apprentice mechanic', 'workshop', 'drivers', '@marshlanemotors'),
  industry('hotel', 'The Harbour Inn|Fernside Hotel|Willow Lodge', 'sea view room|afternoon tea|spa day|weekend break|wedding venue|dog-friendly room', 'hotel|travel|staycation', 'St Ives|Windermere|Whitby', 'front of house manager', 'housekeeping assistant', 'hotel', 'guests', '@theharbourinn'),
  industry('agency', 'Signal Creative|Brightline Studio|North & Co Marketing', 'brand strategy|website redesign|social media management|SEO audit|content calendar|paid ads campaign', 'marketing|branding|digital_marketing', 'Manchester|Bristol|Newcastle', 'content designer', 'marketing intern', 'studio', 'clients', '@signalcreative'),
  industry('bikes', 'Spoke & Chain|Velo Workshop|Gearshift Cycles', 'e-bike|gravel bike|bike service|puncture repair|cycle to work scheme|bike fit', 'cycling|bikes|bike_shop', 'Cambridge|Bristol|Keswick', 'bike mechanic', 'trainee mechanic', 'workshop', 'riders', '@spokeandchain'),
  industry('petgrooming', 'Pampered Paws|Suds & Tails|The Dog House Grooming', 'full groom|puppy intro groom|nail clipping|de-shedding treatment|doggy daycare|hand stripping', 'dog_grooming|dogs|pets', 'Chelmsford|Worthing|Harrogate', 'dog groomer', 'grooming assistant', 'salon', 'dog owners', '@pamperedpaws'),
  industry('ceramics', 'Clay Corner|Kiln & Co|Muddy Hands Pottery', 'wheel throwing class|handmade mug|stoneware bowl|glaze workshop|pottery date night|serving platter', 'ceramics|pottery|handmade', 'Stroud|Margate|Totnes', 'studio technician', 'pottery assistant', 'studio', 'makers', '@claycorner'),
  industry('garden', 'Greenhouse Garden Centre|Rootstock Nursery|The Potting Shed', 'house plants|seed potatoes|fruit trees|compost|raised beds|hanging baskets', 'gardening|plants|garden_centre', 'Evesham|Tunbridge Wells|Hexham', 'horticulturist', 'nursery assistant', 'greenhouse', 'gardeners', '@greenhousegc'),
];
