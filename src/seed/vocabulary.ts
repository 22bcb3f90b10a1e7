/**
 * Word lists for believable demo apps: per category, the things such apps are called, what
 * they help with and the features they list. Brand names are built from syllables so two
 * million apps still read like real products.
 */
import type { Category } from '../modules/catalog/categories.js';

export interface CategoryVocabulary {
  nouns: string[];
  verbs: string[];
  features: string[];
  keywords: string[];
}

export const vocabulary: Record<Category, CategoryVocabulary> = {
  Books: {
    nouns: ['Reader', 'Books', 'Library', 'Audiobooks', 'Stories', 'Novels', 'Comics', 'Shelf', 'Bookmarks', 'Poetry'],
    verbs: [
      'read thousands of books offline',
      'listen to audiobooks on the go',
      'track your reading goals',
      'discover your next favourite novel',
    ],
    features: [
      'night reading mode',
      'adjustable fonts',
      'offline downloads',
      'reading statistics',
      'highlights and notes',
      'sleep timer',
      'EPUB and PDF support',
    ],
    keywords: ['ebook', 'reading', 'audiobook', 'novel', 'library', 'epub', 'stories', 'comics'],
  },
  Business: {
    nouns: ['Invoice', 'CRM', 'Meetings', 'Payroll', 'Docs', 'Scanner', 'Sign', 'Receipts', 'Team', 'Desk'],
    verbs: ['send invoices in seconds', 'manage clients and deals', 'sign documents anywhere', 'run your small business from your phone'],
    features: [
      'PDF export',
      'team workspaces',
      'e-signatures',
      'expense tracking',
      'client portal',
      'calendar sync',
      'multi-currency invoices',
    ],
    keywords: ['invoice', 'crm', 'business', 'meeting', 'scanner', 'pdf', 'signature', 'expenses'],
  },
  'Developer Tools': {
    nouns: ['Terminal', 'Git', 'SSH', 'Code', 'API Client', 'JSON', 'Regex', 'Console', 'Debugger', 'Editor'],
    verbs: ['connect to your servers over SSH', 'test REST APIs', 'edit code with syntax highlighting', 'browse your Git repositories'],
    features: [
      'syntax highlighting',
      'SSH key management',
      'REST and GraphQL requests',
      'dark theme',
      'regex tester',
      'JSON formatter',
      'snippets',
    ],
    keywords: ['ssh', 'git', 'terminal', 'code', 'api', 'json', 'developer', 'regex'],
  },
  Education: {
    nouns: ['Flashcards', 'Math', 'Languages', 'Quiz', 'Tutor', 'Spelling', 'Academy', 'Study', 'Alphabet', 'Science'],
    verbs: ['learn a new language in minutes a day', 'master math step by step', 'study smarter with flashcards', 'prepare for exams'],
    features: [
      'spaced repetition',
      'daily lessons',
      'progress tracking',
      'speech recognition',
      'offline courses',
      'quizzes',
      'streaks and rewards',
    ],
    keywords: ['learn', 'language', 'math', 'flashcards', 'quiz', 'study', 'school', 'vocabulary'],
  },
  Entertainment: {
    nouns: ['TV', 'Movies', 'Trivia', 'Jokes', 'Streaming', 'Fan Club', 'Soundboard', 'Memes', 'Cinema', 'Shows'],
    verbs: ['stream your favourite shows', 'find movie showtimes near you', 'play trivia with friends', 'keep track of what to watch'],
    features: ['watchlists', 'episode reminders', 'HD streaming', 'cast to TV', 'personal recommendations', 'trailers', 'offline viewing'],
    keywords: ['movies', 'tv', 'streaming', 'shows', 'trivia', 'fun', 'cinema', 'watchlist'],
  },
  Finance: {
    nouns: ['Budget', 'Wallet', 'Expenses', 'Banking', 'Invest', 'Stocks', 'Savings', 'Tax', 'Crypto', 'Money'],
    verbs: ['track every expense', 'plan a monthly budget', 'invest with confidence', 'see all your accounts in one place'],
    features: [
      'bank sync',
      'spending categories',
      'bill reminders',
      'savings goals',
      'portfolio tracking',
      'charts and reports',
      'multi-currency',
    ],
    keywords: ['budget', 'money', 'expense', 'finance', 'bank', 'savings', 'invest', 'tracker'],
  },
  'Food & Drink': {
    nouns: ['Recipes', 'Cookbook', 'Meal Planner', 'Grocery', 'Delivery', 'Coffee', 'Wine', 'Baking', 'Kitchen', 'Diet'],
    verbs: ['cook delicious meals at home', 'plan meals for the week', 'order food from local restaurants', 'build a smart grocery list'],
    features: [
      'step-by-step recipes',
      'shopping lists',
      'nutrition facts',
      'timers',
      'meal plans',
      'restaurant reviews',
      'barcode scanner',
    ],
    keywords: ['recipes', 'cooking', 'food', 'meal', 'grocery', 'kitchen', 'delivery', 'restaurant'],
  },
  Games: {
    nouns: ['Puzzle', 'Solitaire', 'Chess', 'Racing', 'Quest', 'Blocks', 'Sudoku', 'Words', 'Arena', 'Tower Defense', 'Match', 'Runner'],
    verbs: [
      'solve hundreds of handcrafted puzzles',
      'race against players worldwide',
      'build and defend your kingdom',
      'relax with a classic card game',
    ],
    features: ['offline play', 'daily challenges', 'leaderboards', 'hundreds of levels', 'multiplayer', 'achievements', 'no ads option'],
    keywords: ['game', 'puzzle', 'casual', 'multiplayer', 'arcade', 'strategy', 'cards', 'brain'],
  },
  'Graphics & Design': {
    nouns: ['Sketch', 'Draw', 'Paint', 'Logo', 'Fonts', 'Vector', 'Palette', 'Canvas', 'Design', 'Pixel'],
    verbs: [
      'sketch and paint with natural brushes',
      'design logos in minutes',
      'create vector illustrations',
      'pick perfect color palettes',
    ],
    features: ['layers', 'pressure-sensitive brushes', 'SVG export', 'color picker', 'templates', 'custom fonts', 'infinite canvas'],
    keywords: ['draw', 'design', 'paint', 'sketch', 'logo', 'vector', 'art', 'color'],
  },
  'Health & Fitness': {
    nouns: ['Workout', 'Yoga', 'Running', 'Meditation', 'Steps', 'Sleep', 'Fitness', 'Water', 'Calories', 'Cycling'],
    verbs: ['get fit with short daily workouts', 'track your runs and rides', 'sleep better tonight', 'meditate and reduce stress'],
    features: [
      'guided workouts',
      'GPS tracking',
      'heart rate zones',
      'sleep sounds',
      'calorie counter',
      'habit streaks',
      'Apple Health sync',
    ],
    keywords: ['fitness', 'workout', 'yoga', 'running', 'meditation', 'health', 'sleep', 'steps'],
  },
  Kids: {
    nouns: ['ABC', 'Coloring', 'Kids Puzzles', 'Animals', 'Bedtime Stories', 'Numbers', 'Dinosaurs', 'Shapes', 'Piano Kids', 'Phonics'],
    verbs: ['learn letters and numbers through play', 'color and create', 'explore the animal kingdom', 'fall asleep to gentle stories'],
    features: ['no ads', 'parental controls', 'offline play', 'voice narration', 'age-appropriate content', 'rewards and stickers'],
    keywords: ['kids', 'children', 'toddler', 'preschool', 'learning', 'coloring', 'abc', 'animals'],
  },
  Lifestyle: {
    nouns: ['Home', 'Horoscope', 'Dating', 'Wallpapers', 'Plants', 'Style', 'Decor', 'Journal', 'Astrology', 'Gifts'],
    verbs: ['design the home of your dreams', 'care for your houseplants', 'meet new people nearby', 'find your personal style'],
    features: ['daily inspiration', 'reminders', 'AR preview', 'curated collections', 'community', 'wish lists'],
    keywords: ['lifestyle', 'home', 'plants', 'dating', 'style', 'decor', 'wallpaper', 'astrology'],
  },
  'Magazines & Newspapers': {
    nouns: ['Magazine', 'Times', 'Weekly', 'Digest', 'Gazette', 'Review', 'Journal', 'Daily', 'Herald', 'Chronicle'],
    verbs: ['read your favourite magazines', 'get the daily paper every morning', 'browse hundreds of titles', 'save articles for later'],
    features: ['offline issues', 'back catalogue', 'read aloud', 'bookmarks', 'subscriptions', 'push alerts'],
    keywords: ['magazine', 'newspaper', 'news', 'articles', 'journal', 'weekly', 'press', 'reading'],
  },
  Medical: {
    nouns: ['Pills', 'Symptoms', 'Doctor', 'Health Records', 'Blood Pressure', 'Diabetes', 'Pharmacy', 'Anatomy', 'First Aid', 'Clinic'],
    verbs: ['never miss a dose', 'log blood pressure and glucose', 'talk to a doctor online', 'keep your medical records safe'],
    features: ['medication reminders', 'doctor reports', 'symptom checker', 'secure storage', 'charts', 'appointment booking'],
    keywords: ['medical', 'medication', 'doctor', 'health', 'pills', 'diabetes', 'blood', 'pharmacy'],
  },
  Music: {
    nouns: ['Music', 'Radio', 'Tuner', 'Piano', 'Guitar', 'Beats', 'Podcasts', 'DJ', 'Metronome', 'Karaoke'],
    verbs: ['listen to millions of songs', 'tune your guitar perfectly', 'make beats on the go', 'learn piano with your own songs'],
    features: ['offline listening', 'lyrics', 'equalizer', 'playlists', 'chromatic tuner', 'loop recording', 'high-quality audio'],
    keywords: ['music', 'songs', 'radio', 'piano', 'guitar', 'tuner', 'podcast', 'playlist'],
  },
  Navigation: {
    nouns: ['Maps', 'GPS', 'Transit', 'Compass', 'Parking', 'Trails', 'Navigator', 'Speedometer', 'Routes', 'Offline Maps'],
    verbs: ['find the fastest route', 'navigate offline anywhere', 'catch the next bus or train', 'find parking near you'],
    features: ['turn-by-turn voice guidance', 'offline maps', 'live traffic', 'speed cameras', 'public transit times', 'trail maps'],
    keywords: ['maps', 'gps', 'navigation', 'transit', 'traffic', 'parking', 'compass', 'offline'],
  },
  News: {
    nouns: ['News', 'Headlines', 'Briefing', 'Local News', 'World', 'Politics', 'Breaking', 'Tech News', 'Feed', 'Press'],
    verbs: ['stay on top of the news', 'get breaking alerts', 'read local stories that matter', 'follow the topics you care about'],
    features: ['personalised feed', 'breaking alerts', 'offline reading', 'audio briefings', 'fact checks', 'dark mode'],
    keywords: ['news', 'headlines', 'breaking', 'local', 'world', 'politics', 'rss', 'feed'],
  },
  'Photo & Video': {
    nouns: ['Photo Editor', 'Camera', 'Video Editor', 'Filters', 'Collage', 'Selfie', 'Gallery', 'Slideshow', 'Retouch', 'Film'],
    verbs: ['edit photos like a pro', 'cut and share videos', 'make beautiful collages', 'shoot in RAW'],
    features: [
      'filters and presets',
      'background removal',
      '4K export',
      'RAW support',
      'cloud backup',
      'trim and merge clips',
      'text and stickers',
    ],
    keywords: ['photo', 'editor', 'camera', 'video', 'filters', 'collage', 'selfie', 'edit'],
  },
  Productivity: {
    nouns: ['Notes', 'Tasks', 'To-Do', 'Planner', 'Calendar', 'Focus', 'Habits', 'Timer', 'Mail', 'Outline', 'Kanban', 'Clipboard'],
    verbs: ['organise your day', 'capture ideas instantly', 'stay focused and get things done', 'plan projects with your team'],
    features: ['sync across devices', 'reminders', 'widgets', 'markdown', 'shared lists', 'pomodoro timer', 'calendar integration'],
    keywords: ['notes', 'todo', 'tasks', 'planner', 'productivity', 'calendar', 'focus', 'reminders'],
  },
  Reference: {
    nouns: ['Dictionary', 'Translator', 'Encyclopedia', 'Bible', 'Thesaurus', 'Atlas', 'Guide', 'Wiki', 'Units', 'Almanac'],
    verbs: ['look up any word offline', 'translate 100 languages', 'explore the world atlas', 'convert any unit'],
    features: ['offline dictionary', 'voice translation', 'word of the day', 'pronunciation audio', 'favourites', 'camera translation'],
    keywords: ['dictionary', 'translate', 'reference', 'encyclopedia', 'bible', 'thesaurus', 'atlas', 'language'],
  },
  Shopping: {
    nouns: ['Shop', 'Deals', 'Coupons', 'Marketplace', 'Fashion', 'Cashback', 'Price Tracker', 'Store', 'Outlet', 'Wishlist'],
    verbs: ['find the best deals', 'shop fashion from top brands', 'compare prices instantly', 'earn cashback on every purchase'],
    features: ['price drop alerts', 'barcode scanner', 'secure checkout', 'order tracking', 'wish lists', 'exclusive coupons'],
    keywords: ['shopping', 'deals', 'coupons', 'fashion', 'discount', 'cashback', 'store', 'sale'],
  },
  'Social Networking': {
    nouns: ['Chat', 'Messenger', 'Friends', 'Community', 'Social', 'Forum', 'Stories', 'Groups', 'Meetup', 'Voice Chat'],
    verbs: ['chat with friends and family', 'join communities you love', 'share moments that matter', 'meet people with similar interests'],
    features: ['end-to-end encryption', 'group video calls', 'stories', 'voice messages', 'stickers', 'communities'],
    keywords: ['chat', 'social', 'messenger', 'friends', 'community', 'video call', 'groups', 'share'],
  },
  Sports: {
    nouns: ['Scores', 'Football', 'Soccer', 'Basketball', 'Golf', 'Tennis', 'Cricket', 'Fantasy', 'Sports', 'Ski'],
    verbs: ['follow live scores', 'manage your fantasy team', 'track your golf rounds', 'never miss a match'],
    features: ['live scores', 'push alerts', 'stats and standings', 'highlights', 'GPS rangefinder', 'league management'],
    keywords: ['sports', 'scores', 'football', 'soccer', 'basketball', 'golf', 'fantasy', 'live'],
  },
  Travel: {
    nouns: ['Flights', 'Hotels', 'Trips', 'Travel Guide', 'Packing', 'Currency', 'Camping', 'Road Trip', 'Booking', 'Itinerary'],
    verbs: ['book flights and hotels', 'plan your perfect trip', 'explore cities like a local', 'never forget what to pack'],
    features: ['price alerts', 'offline city guides', 'itinerary planner', 'currency converter', 'boarding passes', 'packing lists'],
    keywords: ['travel', 'flights', 'hotels', 'trip', 'vacation', 'booking', 'guide', 'itinerary'],
  },
  Utilities: {
    nouns: [
      'Scanner',
      'VPN',
      'Flashlight',
      'Calculator',
      'Cleaner',
      'QR Reader',
      'Files',
      'Battery',
      'Password Manager',
      'Clock',
      'Widgets',
    ],
    verbs: ['scan documents to PDF', 'browse privately', 'manage your files', 'keep your passwords safe'],
    features: [
      'one-tap connect',
      'PDF export',
      'cloud sync',
      'dark mode',
      'home screen widgets',
      'biometric lock',
      'QR and barcode support',
    ],
    keywords: ['utility', 'scanner', 'vpn', 'calculator', 'qr', 'files', 'password', 'flashlight'],
  },
  Weather: {
    nouns: ['Weather', 'Radar', 'Forecast', 'Storm Tracker', 'Tides', 'Air Quality', 'Rain Alarm', 'Sky', 'Climate', 'Pollen'],
    verbs: ['see hyperlocal forecasts', 'track storms on live radar', 'get rain alerts before it pours', 'check air quality'],
    features: ['live radar', 'severe weather alerts', '14-day forecast', 'widgets', 'hourly precipitation', 'UV index'],
    keywords: ['weather', 'forecast', 'radar', 'rain', 'storm', 'temperature', 'climate', 'alerts'],
  },
};

const ONSETS = [
  'b',
  'br',
  'c',
  'cl',
  'd',
  'dr',
  'f',
  'fl',
  'g',
  'gl',
  'h',
  'j',
  'k',
  'kr',
  'l',
  'm',
  'n',
  'p',
  'pl',
  'pr',
  'qu',
  'r',
  's',
  'sk',
  'sl',
  'sn',
  'sp',
  'st',
  't',
  'tr',
  'v',
  'w',
  'z',
  'zen',
  'nov',
  'lum',
  'or',
  'el',
  'ax',
  've',
];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'io', 'oo', 'y'];
const CODAS = ['', '', 'n', 'r', 'x', 'l', 'sh', 'k', 'ly', 'ra', 'to', 'va', 'ix', 'io', 'ify', 'o', 'a', 'er', 'ment', 'well'];

/** A pronounceable made-up brand ("Lumora", "Brixly"). */
export function brandName(r: () => number): string {
  const syl = () => ONSETS[Math.floor(r() * ONSETS.length)] + (VOWELS[Math.floor(r() * VOWELS.length)] as string);
  const parts = r() < 0.55 ? 2 : r() < 0.8 ? 1 : 3;
  let s = '';
  for (let i = 0; i < parts; i++) s += syl();
  s += CODAS[Math.floor(r() * CODAS.length)];
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export const ADJECTIVES = [
  'Simple',
  'Smart',
  'Pocket',
  'Daily',
  'Quick',
  'Easy',
  'Super',
  'Bright',
  'Clear',
  'Happy',
  'Tiny',
  'Pure',
  'Swift',
  'Calm',
  'Bold',
  'Zen',
  'Magic',
  'Epic',
  'Cozy',
  'Fresh',
];
export const SUFFIXES = ['Pro', 'Plus', 'Lite', 'HD', 'Go', 'Studio', 'Max', 'Now', 'Hub', 'Kit', '360', 'X'];
export const ORG_SUFFIXES = [
  'Labs',
  'Studio',
  'Software',
  'Apps',
  'Games',
  'Inc.',
  'Ltd',
  'GmbH',
  'Interactive',
  'Digital',
  'Media',
  'Technologies',
  'Co.',
];
export const SLOGANS = [
  'made with care',
  'trusted by millions',
  'no account needed',
  'private by design',
  'built for speed',
  'loved by our community',
];
