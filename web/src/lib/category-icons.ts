/** An icon and an accent hue per store category, for the category grid and headers. */
import {
  Baby,
  BookOpen,
  Briefcase,
  Camera,
  Clapperboard,
  CloudSun,
  CodeXml,
  Compass,
  Gamepad2,
  GraduationCap,
  HeartPulse,
  Library,
  type LucideIcon,
  Music,
  Newspaper,
  Palette,
  Plane,
  Rss,
  ShoppingBag,
  Sofa,
  SquareCheckBig,
  Stethoscope,
  Trophy,
  Users,
  UtensilsCrossed,
  Wallet,
  Wrench,
} from 'lucide-react';

const icons: Record<string, LucideIcon> = {
  Books: BookOpen,
  Business: Briefcase,
  'Developer Tools': CodeXml,
  Education: GraduationCap,
  Entertainment: Clapperboard,
  Finance: Wallet,
  'Food & Drink': UtensilsCrossed,
  Games: Gamepad2,
  'Graphics & Design': Palette,
  'Health & Fitness': HeartPulse,
  Kids: Baby,
  Lifestyle: Sofa,
  'Magazines & Newspapers': Newspaper,
  Medical: Stethoscope,
  Music: Music,
  Navigation: Compass,
  News: Rss,
  'Photo & Video': Camera,
  Productivity: SquareCheckBig,
  Reference: Library,
  Shopping: ShoppingBag,
  'Social Networking': Users,
  Sports: Trophy,
  Travel: Plane,
  Utilities: Wrench,
  Weather: CloudSun,
};

export const categoryIcon = (name: string): LucideIcon => icons[name] ?? Library;

/** Spread the hues around the wheel in list order so neighbours differ. */
export const categoryHue = (name: string): number => {
  const i = Object.keys(icons).indexOf(name);
  return i < 0 ? 210 : (i * 137) % 360;
};
